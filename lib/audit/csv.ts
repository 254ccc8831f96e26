import { csvLine } from '@/lib/csv';
import type { AuditRow } from '@/db/queries/audit';

/** The export's header row and one line per event (formula-safe cells, like the waitlist export). */
export const AUDIT_CSV_HEADER = csvLine(['time', 'person', 'action', 'object', 'object_id', 'name', 'fields', 'ip']);

export function auditCsvLine(event: AuditRow): string {
  return csvLine([event.createdAt.toISOString(), event.actor, event.action, event.objectKind, event.objectId, event.objectLabel, event.fields.join(' '), event.ip]);
}
