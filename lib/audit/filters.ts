import { AUDIT_KINDS, type AuditKind } from './record';

// The audit log's filters, from a page's or an export's query string: person, object kind
// and a date range (whole days, UTC). Anything malformed is left out, never an error.

export interface AuditFilters {
  actorUserId?: string;
  kind?: AuditKind;
  /** inclusive */
  from?: Date;
  /** exclusive: the day after the chosen last day */
  to?: Date;
  page: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

function day(value: string | null | undefined, plusOne = false): Date | undefined {
  if (!value || !DAY.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return undefined;
  return plusOne ? new Date(date.getTime() + 86_400_000) : date;
}

export function parseAuditFilters(get: (name: string) => string | null | undefined): AuditFilters {
  const person = get('person');
  const kind = get('kind');
  const page = Number(get('page'));
  return {
    actorUserId: person && UUID.test(person) ? person : undefined,
    kind: AUDIT_KINDS.includes(kind as AuditKind) ? (kind as AuditKind) : undefined,
    from: day(get('from')),
    to: day(get('to'), true),
    page: Number.isInteger(page) && page > 1 ? Math.min(page, 10_000) : 1,
  };
}
