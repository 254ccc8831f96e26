import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { readDb } from '@/db';

// A team's audit log, newest first, filtered by person, object kind and dates.

export interface AuditRow {
  id: string;
  createdAt: Date;
  actor: string;
  actorUserId: string | null;
  action: string;
  objectKind: string;
  objectId: string | null;
  objectLabel: string;
  fields: string[];
  ip: string | null;
}

export interface AuditQuery {
  actorUserId?: string;
  kind?: string;
  from?: Date;
  to?: Date;
}

function where(teamId: string, filters: AuditQuery): SQL {
  const conditions: SQL[] = [sql`team_id = ${teamId}`];
  if (filters.actorUserId) conditions.push(sql`actor_user_id = ${filters.actorUserId}`);
  if (filters.kind) conditions.push(sql`object_kind = ${filters.kind}`);
  if (filters.from) conditions.push(sql`created_at >= ${filters.from.toISOString()}::timestamptz`);
  if (filters.to) conditions.push(sql`created_at < ${filters.to.toISOString()}::timestamptz`);
  return sql.join(conditions, sql` AND `);
}

type Raw = { id: string; created_at: Date; actor: string; actor_user_id: string | null; action: string; object_kind: string; object_id: string | null; object_label: string; fields: string[]; ip: string | null };

const fromRaw = (row: Raw): AuditRow => ({
  id: row.id,
  createdAt: new Date(row.created_at),
  actor: row.actor,
  actorUserId: row.actor_user_id,
  action: row.action,
  objectKind: row.object_kind,
  objectId: row.object_id,
  objectLabel: row.object_label,
  fields: row.fields,
  ip: row.ip,
});

// fields as JSON: the pool fetches no array types (db/index.ts), and a text[] would come back as "{a,b}".
const COLUMNS = sql`id, created_at, actor, actor_user_id, action, object_kind, object_id, object_label, to_jsonb(fields) AS fields, ip`;

/** One page of the log and the number of events that match. */
export async function auditPage(teamId: string, filters: AuditQuery, { page = 1, pageSize = 50 } = {}): Promise<{ events: AuditRow[]; total: number }> {
  const condition = where(teamId, filters);
  const [rows, [count]] = await Promise.all([
    readDb.execute<Raw>(sql`SELECT ${COLUMNS} FROM audit_events WHERE ${condition} ORDER BY created_at DESC, id DESC LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`),
    readDb.execute<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_events WHERE ${condition}`),
  ]);
  return { events: rows.map(fromRaw), total: count?.n ?? 0 };
}

/** Every matching event, newest first, in batches of 1,000 (for the CSV export). */
export async function* auditRows(teamId: string, filters: AuditQuery): AsyncGenerator<AuditRow[]> {
  const condition = where(teamId, filters);
  let before: { at: string; id: string } | null = null;
  for (;;) {
    const cursor: SQL = before ? sql`AND (created_at, id) < (${before.at}::timestamptz, ${before.id}::uuid)` : sql``;
    const rows: Raw[] = await readDb.execute<Raw>(sql`SELECT ${COLUMNS}, created_at::text AS at FROM audit_events WHERE ${condition} ${cursor} ORDER BY created_at DESC, id DESC LIMIT 1000`);
    if (rows.length === 0) return;
    yield rows.map(fromRaw);
    const last = rows.at(-1)! as Raw & { at: string };
    before = { at: last.at, id: last.id };
    if (rows.length < 1000) return;
  }
}

/** The people who appear in the log (members and former members), to filter by. */
export async function auditActors(teamId: string): Promise<{ userId: string; email: string }[]> {
  const rows = await readDb.execute<{ user_id: string; email: string }>(sql`
    SELECT DISTINCT e.actor_user_id AS user_id, u.email FROM audit_events e JOIN users u ON u.id = e.actor_user_id
    WHERE e.team_id = ${teamId} ORDER BY u.email`);
  return rows.map((row) => ({ userId: row.user_id, email: row.email }));
}
