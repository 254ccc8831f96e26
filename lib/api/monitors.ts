import 'server-only';
import { sql } from 'drizzle-orm';
import { db } from '@/db';
import type { ApiMonitor, ApiMonitorInput } from '@/lib/contracts/api';
import { completeOptions } from '@/lib/contracts/monitors';
import { AppError, type ErrorDetail } from '@/lib/errors';
import { monitorFormSchema } from '@/lib/monitors/input';
import type { MonitorSave } from '@/lib/monitors/manage';
import type { TeamContext } from '@/lib/teams/roles';
import { invalid } from './handler';
import { isoTime, type Page, pageAfter, pageQuery } from './pages';

// Monitors through the API: read as ApiMonitor, written through the same rules as the
// monitor form (lib/monitors/input.ts), so a monitor the API accepts is one the form would.

type MonitorRow = {
  id: string;
  name: string;
  type: ApiMonitor['type'];
  target: string;
  agent_id: string | null;
  locations: string[];
  quorum_rule: ApiMonitor['quorumRule'];
  quorum_k: number;
  degraded_after_ms: number | null;
  interval_seconds: number;
  timeout_seconds: number;
  failure_threshold: number;
  recovery_threshold: number;
  options: unknown;
  enabled: boolean | null;
  status: ApiMonitor['status'] | null;
  paused_until: number | null;
  degraded_since: number | null;
  last_heartbeat_at: number | null;
  created_at: number | null;
  position_at: string;
  depends_on: string[];
  escalation_policy_id: string | null;
};

function toApi(row: MonitorRow): ApiMonitor {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    target: row.target,
    agentId: row.agent_id,
    locations: row.locations,
    quorumRule: row.quorum_rule,
    quorumK: row.quorum_k,
    degradedAfterMs: row.degraded_after_ms,
    intervalSeconds: row.interval_seconds,
    timeoutSeconds: row.timeout_seconds,
    failureThreshold: row.failure_threshold,
    recoveryThreshold: row.recovery_threshold,
    options: completeOptions(row.type, row.options) as Record<string, unknown>,
    enabled: row.enabled !== false,
    status: row.enabled === false ? 'paused' : (row.status ?? 'unknown'),
    pausedUntil: isoTime(row.paused_until),
    degradedSince: isoTime(row.degraded_since),
    lastHeartbeatAt: isoTime(row.last_heartbeat_at),
    createdAt: isoTime(row.created_at),
    dependsOn: row.depends_on,
    escalationPolicyId: row.escalation_policy_id,
  };
}

const ms = (column: string) => sql.raw(`(extract(epoch FROM ${column}) * 1000)::float8`);
const columns = sql`m.id, m.name, m.type, m.target, m.agent_id,
  (SELECT coalesce(json_agg(l.agent_id ORDER BY l.position), '[]'::json) FROM monitor_locations l WHERE l.monitor_id = m.id) AS locations,
  m.quorum_rule, m.quorum_k, m.degraded_after_ms, coalesce(m.interval_seconds, 30) AS interval_seconds, coalesce(m.timeout_seconds, 10) AS timeout_seconds,
  m.failure_threshold, m.recovery_threshold, m.options, m.enabled, m.status, ${ms('m.paused_until')} AS paused_until, ${ms('m.degraded_since')} AS degraded_since,
  ${ms('m.last_heartbeat_at')} AS last_heartbeat_at, ${ms('m.created_at')} AS created_at,
  coalesce(m.created_at, 'epoch')::text AS position_at,
  (SELECT coalesce(json_agg(d.depends_on_id ORDER BY d.depends_on_id), '[]'::json) FROM monitor_dependencies d WHERE d.monitor_id = m.id) AS depends_on,
  (SELECT mp.policy_id FROM monitor_escalation_policies mp WHERE mp.monitor_id = m.id) AS escalation_policy_id`;
// Built-in agents' monitors included: a team's monitors are those of its agents.
const teamMonitors = (teamId: string) => sql`monitors m JOIN agents a ON a.id = m.agent_id AND a.team_id = ${teamId}`;

const notFound = () => new AppError('NOT_FOUND', 'That monitor does not exist.');

export async function apiMonitor(ctx: TeamContext, id: string): Promise<ApiMonitor> {
  const rows = await db.execute<MonitorRow>(sql`SELECT ${columns} FROM ${teamMonitors(ctx.teamId)} WHERE m.id = ${id}`);
  const row = [...rows][0];
  if (!row) throw notFound();
  return toApi(row);
}

export interface MonitorFilters {
  status?: ApiMonitor['status'];
  type?: ApiMonitor['type'];
  agentId?: string;
  name?: string;
}

/** The team's monitors in the order they were made, a page at a time. */
export async function listApiMonitors(ctx: TeamContext, filters: MonitorFilters, page: { limit: number; cursor?: string }): Promise<Page<ApiMonitor>> {
  const after = pageQuery(page.cursor);
  const where = [sql`true`];
  if (filters.status === 'paused') where.push(sql`m.enabled = false`);
  else if (filters.status) where.push(sql`m.enabled IS NOT FALSE AND coalesce(m.status, 'unknown') = ${filters.status}`);
  if (filters.type) where.push(sql`m.type = ${filters.type}`);
  if (filters.agentId) where.push(sql`(m.agent_id = ${filters.agentId} OR EXISTS (SELECT 1 FROM monitor_locations l WHERE l.monitor_id = m.id AND l.agent_id = ${filters.agentId}))`);
  if (filters.name) where.push(sql`m.name ILIKE ${`%${filters.name.replace(/[\\%_]/g, (c) => `\\${c}`)}%`}`);
  if (after) where.push(sql`(coalesce(m.created_at, 'epoch'), m.id) > (${after.at}::timestamptz, ${after.id}::uuid)`);
  const rows = [
    ...(await db.execute<MonitorRow>(sql`
      SELECT ${columns} FROM ${teamMonitors(ctx.teamId)} WHERE ${sql.join(where, sql` AND `)}
      ORDER BY coalesce(m.created_at, 'epoch'), m.id LIMIT ${page.limit + 1}`)),
  ];
  return pageAfter(rows, page.limit, toApi, (row) => ({ at: row.position_at, id: row.id }));
}

// The API's fields as the monitor form posts them: one set of rules for both.
const FORM_FIELD_OF_OPTION: Record<string, string> = { schedule: 'pushSchedule', periodSeconds: 'period', graceSeconds: 'grace' };
const API_PATH_OF_FORM_FIELD: Record<string, string> = {
  pushSchedule: 'options.schedule',
  period: 'options.periodSeconds',
  grace: 'options.graceSeconds',
  cron: 'options.cron',
  timeZone: 'options.timeZone',
};
const TOP_LEVEL = new Set(['name', 'agentId', 'type', 'target', 'intervalSeconds', 'timeoutSeconds', 'failureThreshold', 'recoveryThreshold', 'locations', 'quorumRule', 'quorumK', 'degradedAfterMs', 'dependsOn']);

function formOf(input: ApiMonitorInput): Record<string, unknown> {
  const options = input.options;
  const form: Record<string, unknown> = {
    name: input.name,
    agentId: input.agentId ?? '',
    type: input.type,
    target: input.target ?? '',
    intervalSeconds: input.intervalSeconds,
    timeoutSeconds: input.timeoutSeconds,
    failureThreshold: input.failureThreshold,
    recoveryThreshold: input.recoveryThreshold,
    locations: input.locations,
    quorumRule: input.quorumRule,
    quorumK: input.quorumK,
    degradedAfterMs: input.degradedAfterMs ?? '',
    ...(input.dependsOn !== undefined ? { dependsOn: input.dependsOn } : {}),
    // The form's unticked boxes are false; the API's absent ones are the defaults.
    keywordInverted: options.keywordInverted ?? false,
    followRedirects: options.followRedirects ?? true,
    verifyTls: options.verifyTls ?? true,
  };
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined || key === 'keywordInverted' || key === 'followRedirects' || key === 'verifyTls') continue;
    const field = FORM_FIELD_OF_OPTION[key] ?? key;
    if (key === 'headers') form.headers = Object.entries(value as Record<string, string>).map(([name, text]) => `${name}: ${text}`).join('\n');
    else if (key === 'assertions') form.assertions = JSON.stringify(value);
    else if (key === 'certificateWarningDays') form.certificateWarningDays = (value as number[]).join(', ');
    else if (key === 'periodSeconds' || key === 'graceSeconds') form[field] = `${value as number}s`;
    else form[field] = value;
  }
  return form;
}

/** The monitor the form's rules make of an API body: 400 with each problem under its API field. */
export function monitorInputOf(input: ApiMonitorInput): MonitorSave {
  const parsed = monitorFormSchema.safeParse(formOf(input));
  if (parsed.success) return { ...parsed.data, escalationPolicyId: input.escalationPolicyId };
  const details: ErrorDetail[] = parsed.error.issues.map((issue) => {
    const field = String(issue.path[0] ?? '');
    const path = API_PATH_OF_FORM_FIELD[field] ?? (TOP_LEVEL.has(field) ? field : field ? `options.${field}` : undefined);
    return { field: path, message: issue.message };
  });
  throw invalid('The monitor is not valid; see details.', details);
}

/** What PATCH merges into: the monitor as an API body. */
export function inputOfMonitor(monitor: ApiMonitor): ApiMonitorInput {
  const options = { ...monitor.options } as ApiMonitorInput['options'];
  return {
    name: monitor.name,
    type: monitor.type,
    target: monitor.type === 'push' ? undefined : monitor.target,
    agentId: monitor.type === 'push' ? undefined : (monitor.agentId ?? undefined),
    locations: monitor.locations,
    quorumRule: monitor.quorumRule,
    quorumK: monitor.quorumK,
    degradedAfterMs: monitor.degradedAfterMs,
    intervalSeconds: monitor.intervalSeconds,
    timeoutSeconds: monitor.timeoutSeconds,
    failureThreshold: monitor.failureThreshold,
    recoveryThreshold: monitor.recoveryThreshold,
    options,
    dependsOn: monitor.dependsOn,
    escalationPolicyId: monitor.escalationPolicyId,
  };
}
