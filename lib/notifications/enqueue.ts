import 'server-only';
import { sql, type SQL } from 'drizzle-orm';
import { runInDrizzle, type SqlRunner, type Transaction } from '@/db';
import type { NotificationEventKind } from '@/db/schema/notifications';
import { monitorInMaintenance, quietIncident } from '@/db/sql/maintenance';
import { PAGING_KINDS } from './kind-forms';
import { uuidArray } from '@/db/sql/ids';

// The outbox's writers. Each runs inside the transaction that changes what it reports
// (ingest opening or resolving an incident, a user acknowledging, the agent-offline
// sweep): the change commits with its notifications or not at all. An event is written
// only when at least one channel wants it; then one delivery per such channel.

/**
 * Channels of team `teamSql` that want `kind` about monitor `monitorSql`: those covering all
 * monitors, that monitor, or a status page component it is behind (as the page is now).
 */
const coveringChannels = (teamSql: SQL, monitorSql: SQL, kind: NotificationEventKind) => sql`
  SELECT c.id FROM notification_channels c
  WHERE c.team_id = ${teamSql} AND ${kind}::text = ANY (c.events)
    AND (c.all_monitors
         OR EXISTS (SELECT 1 FROM notification_channel_monitors cm WHERE cm.channel_id = c.id AND cm.monitor_id = ${monitorSql})
         OR EXISTS (SELECT 1 FROM notification_channel_components cc JOIN status_page_component_monitors scm ON scm.component_id = cc.component_id
                    WHERE cc.channel_id = c.id AND scm.monitor_id = ${monitorSql}))`;

/** Channels of a team that want `kind` about agents (agents are not chosen per channel). */
const allChannels = (teamSql: SQL, kind: NotificationEventKind) => sql`SELECT c.id FROM notification_channels c WHERE c.team_id = ${teamSql} AND ${kind}::text = ANY (c.events)`;

/**
 * What a message about incident `i` of monitor `m` on agent `a` says, taken when it happens:
 * the monitor, its agent, the times, who acknowledged or resolved it, the last error.
 */
export const incidentSnapshot = sql`jsonb_build_object(
  'monitor', jsonb_build_object('id', m.id, 'name', m.name, 'type', m.type, 'target', m.target),
  'agent', jsonb_build_object('id', a.id, 'name', a.name),
  'incident', jsonb_build_object(
    'id', i.id, 'status', i.status, 'startedAt', i.started_at, 'resolvedAt', i.resolved_at, 'ttrSeconds', i.ttr_seconds,
    'acknowledgedAt', i.acknowledged_at, 'acknowledgedBy', (SELECT u.email FROM users u WHERE u.id = i.acknowledged_by),
    'resolvedBy', (SELECT u.email FROM users u WHERE u.id = i.resolved_by)),
  'lastError', (SELECT h.error_message FROM heartbeats h
                WHERE h.monitor_id = m.id AND h.time >= i.started_at AND h.status <> 'up'
                ORDER BY h.time DESC LIMIT 1))`;

/**
 * Events for incidents `incidentIds` (one statement whatever their number), with what the
 * message needs: the monitor, its agent, the times, who acknowledged, the last error.
 * An incident that opened inside maintenance stays quiet (no message of any kind) until the
 * window ends with its monitor still down: then the maintenance round announces it
 * (`afterMaintenance`), and its later messages go out as usual.
 */
export async function enqueueIncidentEvents(
  run: SqlRunner,
  kind: Extract<NotificationEventKind, `incident.${string}`>,
  incidentIds: string[],
  { afterMaintenance = false, because }: { afterMaintenance?: boolean; because?: 'paused' | 'deleted' } = {},
): Promise<void> {
  if (incidentIds.length === 0) return;
  // The incidents by their ids first, then the channels of each, then the events: every step
  // MATERIALIZED, so nothing is planned from the team's monitors (with the channels' event
  // filter guessed selective, the planner once joined every monitor of the team to the ids:
  // 0.7 s for 500 incidents among 8,500 monitors).
  await run(sql`
    WITH picked AS MATERIALIZED (
      SELECT i.id AS incident_id, m.id AS monitor_id, a.team_id
      FROM incidents i JOIN monitors m ON m.id = i.monitor_id JOIN agents a ON a.id = m.agent_id
      WHERE i.id = ANY (${uuidArray(incidentIds)})
        AND (${sql.raw(afterMaintenance ? 'true' : 'false')} OR NOT ${quietIncident})
    ),
    targets AS MATERIALIZED (
      SELECT p.incident_id, c.id AS channel_id FROM picked p CROSS JOIN LATERAL (${coveringChannels(sql`p.team_id`, sql`p.monitor_id`, kind)}) c
    ),
    ev AS (
      INSERT INTO notification_events (user_id, team_id, kind, incident_id, monitor_id, agent_id, payload)
      SELECT a.user_id, a.team_id, ${kind}, i.id, m.id, a.id, ${incidentSnapshot} || ${because ? sql`jsonb_build_object('because', ${because}::text)` : sql`'{}'::jsonb`}
      FROM picked p JOIN incidents i ON i.id = p.incident_id JOIN monitors m ON m.id = p.monitor_id JOIN agents a ON a.id = m.agent_id
      WHERE EXISTS (SELECT 1 FROM targets t WHERE t.incident_id = p.incident_id)
      RETURNING id, incident_id
    )
    INSERT INTO notification_deliveries (event_id, channel_id)
    SELECT ev.id, t.channel_id FROM ev JOIN targets t ON t.incident_id = ev.incident_id`);
}

/**
 * A monitor became degraded or recovered (its latest degraded period), or partial (some of
 * its locations failing, fewer than its quorum: those locations and their errors). Only to
 * the covering channels that chose these events; nothing while the monitor is in maintenance.
 */
export async function enqueueMonitorEvents(run: SqlRunner, kind: 'monitor.degraded' | 'monitor.recovered' | 'monitor.partial', monitorIds: string[]): Promise<void> {
  if (monitorIds.length === 0) return;
  const channels = (teamSql: SQL, monitorSql: SQL) => coveringChannels(teamSql, monitorSql, kind);
  await run(sql`
    WITH ev AS (
      INSERT INTO notification_events (user_id, team_id, kind, monitor_id, agent_id, payload)
      SELECT a.user_id, a.team_id, ${kind}, m.id, a.id, jsonb_build_object(
        'monitor', jsonb_build_object('id', m.id, 'name', m.name, 'type', m.type, 'target', m.target),
        'agent', jsonb_build_object('id', a.id, 'name', a.name),
        'degraded', (SELECT jsonb_build_object('startedAt', p.started_at, 'endedAt', p.ended_at, 'afterMs', m.degraded_after_ms)
                     FROM degraded_periods p WHERE p.monitor_id = m.id ORDER BY p.started_at DESC LIMIT 1),
        'locations', (SELECT jsonb_agg(jsonb_build_object('name', la.name, 'error', s.last_error) ORDER BY la.name)
                      FROM location_states s JOIN agents la ON la.id = s.agent_id
                      WHERE s.monitor_id = m.id AND s.status = 'down'))
      FROM monitors m JOIN agents a ON a.id = m.agent_id
      WHERE m.id = ANY (${uuidArray(monitorIds)})
        AND NOT ${monitorInMaintenance(sql`m.id`)}
        AND EXISTS (${channels(sql`a.team_id`, sql`m.id`)})
      RETURNING id, team_id, monitor_id
    )
    INSERT INTO notification_deliveries (event_id, channel_id)
    SELECT ev.id, c.id FROM ev CROSS JOIN LATERAL (${channels(sql`ev.team_id`, sql`ev.monitor_id`)}) c`);
}

/** An agent went offline (`since`: when it was last seen) or came back. */
export async function enqueueAgentEvent(run: SqlRunner, kind: 'agent.offline' | 'agent.online', agentIds: string[]): Promise<void> {
  if (agentIds.length === 0) return;
  await run(sql`
    WITH ev AS (
      INSERT INTO notification_events (user_id, team_id, kind, agent_id, payload)
      SELECT a.user_id, a.team_id, ${kind}, a.id, jsonb_build_object(
        'agent', jsonb_build_object('id', a.id, 'name', a.name, 'lastSeenAt', a.last_seen_at),
        'monitors', (SELECT count(*) FROM monitors m WHERE m.agent_id = a.id AND m.enabled))
      FROM agents a
      WHERE a.id = ANY (${uuidArray(agentIds)})
        AND EXISTS (${allChannels(sql`a.team_id`, kind)})
      RETURNING id, team_id
    )
    INSERT INTO notification_deliveries (event_id, channel_id)
    SELECT ev.id, c.id FROM ev CROSS JOIN LATERAL (${allChannels(sql`ev.team_id`, kind)}) c`);
}

/** A test message for one channel. */
export async function enqueueTest(tx: Transaction, input: { userId: string; teamId: string; channelId: string }): Promise<void> {
  await runInDrizzle(tx)(sql`
    WITH ev AS (
      INSERT INTO notification_events (user_id, team_id, kind, payload)
      VALUES (${input.userId}, ${input.teamId}, 'test', jsonb_build_object('requestedAt', now()))
      RETURNING id
    )
    INSERT INTO notification_deliveries (event_id, channel_id) SELECT ev.id, ${input.channelId}::uuid FROM ev`);
}

/**
 * Reminders for incidents still open: for each channel with a reminder interval, an
 * incident it covers whose last message on that channel is older than the interval
 * gets a reminder event of its own (cadences differ per channel). Run by the leader.
 */
export async function enqueueReminders(run: SqlRunner): Promise<number> {
  const rows = await run<{ n: number }>(sql`
    WITH due AS (
      SELECT c.id AS channel_id, i.id AS incident_id
      FROM notification_channels c
      JOIN agents a ON a.team_id = c.team_id
      JOIN monitors m ON m.agent_id = a.id
      JOIN incidents i ON i.monitor_id = m.id AND i.resolved_at IS NULL
      WHERE c.reminder_minutes IS NOT NULL
        -- paging services re-notify by their own rules
        AND c.kind NOT IN ${sql.raw(`(${PAGING_KINDS.map((kind) => `'${kind}'`).join(', ')})`)}
        AND c.id IN (${coveringChannels(sql`c.team_id`, sql`m.id`, 'incident.opened')})
        AND i.started_at < now() - make_interval(mins => c.reminder_minutes)
        AND NOT ${quietIncident} AND NOT ${monitorInMaintenance(sql`m.id`)}
        AND NOT EXISTS (
          SELECT 1 FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
          WHERE d.channel_id = c.id AND e.incident_id = i.id AND d.created_at > now() - make_interval(mins => c.reminder_minutes))
    ),
    ev AS (
      INSERT INTO notification_events (user_id, team_id, kind, incident_id, monitor_id, agent_id, payload)
      SELECT a.user_id, a.team_id, 'incident.reminder', i.id, m.id, a.id, ${incidentSnapshot} || jsonb_build_object('channelId', due.channel_id)
      FROM due JOIN incidents i ON i.id = due.incident_id JOIN monitors m ON m.id = i.monitor_id JOIN agents a ON a.id = m.agent_id
      RETURNING id, (payload->>'channelId')::uuid AS channel_id
    ),
    queued AS (INSERT INTO notification_deliveries (event_id, channel_id) SELECT id, channel_id FROM ev RETURNING 1)
    SELECT count(*)::int AS n FROM queued`);
  return rows[0]?.n ?? 0;
}

export interface CertificateWarning {
  teamId: string;
  fingerprint: string;
  /** The smallest threshold (days before expiry) this warning is for. */
  days: number;
}

/**
 * certificate.expiring for each (team, certificate): one event naming the team's monitors
 * that see it, to every channel that covers one of them.
 */
export async function enqueueCertificateWarnings(run: SqlRunner, warnings: CertificateWarning[]): Promise<void> {
  if (warnings.length === 0) return;
  await run(sql`
    WITH ev AS (
      INSERT INTO notification_events (user_id, team_id, kind, payload)
      SELECT o.user_id, w.team_id, 'certificate.expiring', jsonb_build_object(
        'certificate', jsonb_build_object('fingerprint', c.fingerprint, 'subject', c.subject, 'issuer', c.issuer, 'notAfter', c.not_after, 'chainNotAfter', c.chain_not_after),
        'thresholdDays', w.days,
        'certificateMonitors', (
          SELECT coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'name', m.name) ORDER BY m.name), '[]'::jsonb)
          FROM monitor_certificates mc JOIN monitors m ON m.id = mc.monitor_id JOIN agents a ON a.id = m.agent_id
          WHERE mc.fingerprint = c.fingerprint AND a.team_id = w.team_id))
      FROM jsonb_to_recordset(${JSON.stringify(warnings.map((w) => ({ team_id: w.teamId, fingerprint: w.fingerprint, days: w.days })))}::jsonb)
        AS w(team_id uuid, fingerprint varchar, days int)
      JOIN certificates c ON c.fingerprint = w.fingerprint
      JOIN team_members o ON o.team_id = w.team_id AND o.role = 'owner'
      RETURNING id, team_id, payload
    )
    INSERT INTO notification_deliveries (event_id, channel_id)
    SELECT DISTINCT ev.id, ch.id FROM ev
    CROSS JOIN LATERAL jsonb_array_elements(ev.payload->'certificateMonitors') AS pm(monitor)
    CROSS JOIN LATERAL (${coveringChannels(sql`ev.team_id`, sql`(pm.monitor->>'id')::uuid`, 'certificate.expiring')}) ch`);
}

export interface DomainWarning {
  teamId: string;
  domain: string;
  expiresAt: string;
  /** The smallest threshold (days before expiry) this warning is for. */
  days: number;
  monitors: { id: string; name: string }[];
}

/** domain.expiring for each (team, domain): one event, to every channel that covers one of the monitors behind it. */
export async function enqueueDomainWarnings(run: SqlRunner, warnings: DomainWarning[]): Promise<void> {
  if (warnings.length === 0) return;
  await run(sql`
    WITH ev AS (
      INSERT INTO notification_events (user_id, team_id, kind, payload)
      SELECT o.user_id, w.team_id, 'domain.expiring', jsonb_build_object('domain', jsonb_build_object('name', w.domain, 'expiresAt', w.expires_at), 'thresholdDays', w.days, 'domainMonitors', w.monitors)
      FROM jsonb_to_recordset(${JSON.stringify(warnings.map((w) => ({ team_id: w.teamId, domain: w.domain, expires_at: w.expiresAt, days: w.days, monitors: w.monitors })))}::jsonb)
        AS w(team_id uuid, domain varchar, expires_at timestamptz, days int, monitors jsonb)
      JOIN team_members o ON o.team_id = w.team_id AND o.role = 'owner'
      RETURNING id, team_id, payload
    )
    INSERT INTO notification_deliveries (event_id, channel_id)
    SELECT DISTINCT ev.id, ch.id FROM ev
    CROSS JOIN LATERAL jsonb_array_elements(ev.payload->'domainMonitors') AS pm(monitor)
    CROSS JOIN LATERAL (${coveringChannels(sql`ev.team_id`, sql`(pm.monitor->>'id')::uuid`, 'domain.expiring')}) ch`);
}

/**
 * maintenance.started / maintenance.ended for occurrences of windows: one event per
 * occurrence, to each channel of the window's team that chose it and covers one of its monitors.
 */
export async function enqueueMaintenanceEvents(run: SqlRunner, kind: 'maintenance.started' | 'maintenance.ended', occurrenceIds: string[]): Promise<void> {
  if (occurrenceIds.length === 0) return;
  await run(sql`
    WITH ev AS (
      INSERT INTO notification_events (user_id, team_id, kind, payload)
      SELECT w.user_id, w.team_id, ${kind}, jsonb_build_object(
        'maintenance', jsonb_build_object('id', w.id, 'title', w.title, 'description', w.description, 'startsAt', o.starts_at, 'endsAt', o.ends_at),
        'maintenanceMonitors', (SELECT coalesce(jsonb_agg(jsonb_build_object('id', m.id, 'name', m.name) ORDER BY m.name), '[]'::jsonb)
                                FROM maintenance_window_monitors wm JOIN monitors m ON m.id = wm.monitor_id WHERE wm.window_id = w.id))
      FROM maintenance_occurrences o JOIN maintenance_windows w ON w.id = o.window_id
      WHERE o.id = ANY (${uuidArray(occurrenceIds)})
      RETURNING id, team_id, payload
    )
    INSERT INTO notification_deliveries (event_id, channel_id)
    SELECT DISTINCT ev.id, ch.id FROM ev
    CROSS JOIN LATERAL jsonb_array_elements(ev.payload->'maintenanceMonitors') AS pm(monitor)
    CROSS JOIN LATERAL (${coveringChannels(sql`ev.team_id`, sql`(pm.monitor->>'id')::uuid`, kind)}) ch`);
}

/** What an SLO alert says: the SLO, its subject, and its numbers when it was told. */
export interface SloSnapshot {
  id: string;
  name: string;
  subject: string;
  target: number;
  window: string;
  attainment: number | null;
  budgetLeftShare: number | null;
  burn: Record<string, number | null>;
  alert: 'fast' | 'slow' | null;
}

/**
 * slo.burning / slo.exhausted for one SLO: one event, to every channel of its team that chose
 * the kind and covers one of its monitors. Nothing is written when no channel wants it.
 */
export async function enqueueSloEvent(run: SqlRunner, kind: 'slo.burning' | 'slo.exhausted', input: { teamId: string; monitorIds: string[]; slo: SloSnapshot }): Promise<void> {
  if (input.monitorIds.length === 0) return;
  await run(sql`
    WITH targets AS MATERIALIZED (
      SELECT DISTINCT ch.id FROM unnest(${uuidArray(input.monitorIds)}) AS pm(id)
      CROSS JOIN LATERAL (${coveringChannels(sql`${input.teamId}::uuid`, sql`pm.id`, kind)}) ch
    ),
    ev AS (
      INSERT INTO notification_events (user_id, team_id, kind, payload)
      SELECT o.user_id, o.team_id, ${kind}, jsonb_build_object('slo', ${JSON.stringify(input.slo)}::jsonb)
      FROM team_members o WHERE o.team_id = ${input.teamId} AND o.role = 'owner' AND EXISTS (SELECT 1 FROM targets)
      RETURNING id
    )
    INSERT INTO notification_deliveries (event_id, channel_id) SELECT ev.id, t.id FROM ev CROSS JOIN targets t`);
}
