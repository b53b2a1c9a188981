/** The audit module's surface for other modules. */
export { recordAudit, recordAuditBatch, diffRecords, type AuditEvent } from './audit.service';
export { auditRoutes } from "./audit.routes";
