/** The complaint policy (system setting `complaints.settings`): response hours, resolution days by severity, approval limits, penalty rules by type. */
import { DEFAULT_COMPLAINT_SETTINGS, ZComplaintSettings } from '../../../contracts/complaints';
import { defineSetting } from '../org';

export const complaintSettings = defineSetting('complaints.settings', ZComplaintSettings, DEFAULT_COMPLAINT_SETTINGS);
