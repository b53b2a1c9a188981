/**
 * The complaints module's surface (投诉, issue 15): its routes, the escalation run for the job,
 * and the `FollowUpForComplaintLookup` the follow-ups module answers in server/wiring.ts.
 */
export { complaintsRoutes } from './complaints.routes';
export { escalateOverdueComplaints, createComplaintFromFollowUp, complaintTodoCounts } from './complaints.service';
export { complaintSettings } from './complaints.settings';
export { FollowUpForComplaintLookup, type FollowUpForComplaint } from './complaints.events';
