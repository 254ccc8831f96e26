import 'server-only';
import { sql } from 'drizzle-orm';
import { runInDrizzle, type SqlRunner, type Transaction } from '@/db';
import type { TeamContext } from '@/lib/teams/roles';

// Every write a person can make records one row here, in its own transaction: the change
// and its record commit together or not at all.

export type AuditKind =
  | 'agent'
  | 'monitor'
  | 'incident'
  | 'channel'
  | 'status_page'
  | 'component'
  | 'post'
  | 'maintenance'
  | 'team'
  | 'member'
  | 'invitation'
  | 'plan'
  | 'api_token'
  | 'escalation_policy'
  | 'slo'
  | 'report_schedule';

export const AUDIT_KINDS: readonly AuditKind[] = ['agent', 'monitor', 'incident', 'channel', 'status_page', 'component', 'post', 'maintenance', 'team', 'member', 'invitation', 'plan', 'api_token', 'escalation_policy', 'slo', 'report_schedule'];

export interface AuditEntry {
  /** created | changed | deleted, or a verb of its own (acknowledged, key_rotated, invited, role_changed…) */
  action: string;
  kind: AuditKind;
  id?: string | null;
  /** The object's name as people know it (a monitor's name, a member's e-mail). */
  label?: string | null;
  /** The names of the fields changed; never a value. */
  fields?: readonly string[];
}

/** Who the audit log names for ctx: an API token by its name, else the person's e-mail. */
export const tokenActor = (name: string) => `API token “${name}”`.slice(0, 320);

/** Record what ctx's person (or API token) did, in `tx` (the change's own transaction). */
export async function recordAudit(tx: Transaction | SqlRunner, ctx: TeamContext, entry: AuditEntry): Promise<void> {
  const run = typeof tx === 'function' ? tx : runInDrizzle(tx);
  await run(sql`
    INSERT INTO audit_events (team_id, actor_user_id, actor, action, object_kind, object_id, object_label, fields, ip)
    SELECT ${ctx.teamId}, u.id, coalesce(${ctx.token ? tokenActor(ctx.token.name) : null}::text, u.email), ${entry.action}, ${entry.kind}, ${entry.id ?? null}, ${(entry.label ?? '').slice(0, 300)},
      ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(entry.fields ?? [])}::jsonb)), ${ctx.ip ?? null}
    FROM users u WHERE u.id = ${ctx.userId}`);
}

/** What the operator did from the admin CLI (a plan change), in every team it affects. */
export async function recordOperatorAudit(tx: Transaction, teamIds: readonly string[], entry: AuditEntry): Promise<void> {
  if (teamIds.length === 0) return;
  await runInDrizzle(tx)(sql`
    INSERT INTO audit_events (team_id, actor, action, object_kind, object_id, object_label, fields)
    SELECT t.id::uuid, 'operator (admin CLI)', ${entry.action}, ${entry.kind}, ${entry.id ?? null}, ${(entry.label ?? '').slice(0, 300)},
      ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(entry.fields ?? [])}::jsonb))
    FROM jsonb_array_elements_text(${JSON.stringify(teamIds)}::jsonb) AS t(id)`);
}
