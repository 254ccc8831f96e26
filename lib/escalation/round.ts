import 'server-only';
import { sql } from 'drizzle-orm';
import { runIn, sqlClient, type SqlRunner } from '@/db';
import { monitorInMaintenance, quietIncident } from '@/db/sql/maintenance';
import { announceReleased } from '@/lib/dependencies/hold';
import { incidentSnapshot } from '@/lib/notifications/enqueue';
import { wakeDeliveryWorker } from '@/lib/notifications/wake';
import { uuidArray } from '@/db/sql/ids';

// The escalation round, run by the background leader every few seconds (it also announces
// the incidents that dependencies held, once what they depend on has recovered). Everything it
// knows is in the database: an incident's next step and when it is due (incident_escalations),
// so a restart, a SIGKILL or a new leader continues where the last one was, and a step goes
// out once: firing it and moving the row on to the next step are one statement.
//
// 1. start: an open, unacknowledged incident of a monitor with a policy gets its row, first step due now;
// 2. stop: acknowledged, resolved, or its monitor no longer on that policy (acknowledging and
//    resolving by hand also stop it at once, in their own transaction: stopEscalations);
// 3. fire: each due step (not while its monitor is in maintenance: it waits, then goes on),
//    as an incident.escalated event with one delivery per channel of the step (and per
//    member who can respond, if the step says so), through the outbox like every message.

const BATCH = 1000;

export interface EscalationRound {
  /** held incidents announced because what they depend on recovered (lib/dependencies) */
  announced: number;
  started: number;
  stopped: number;
  fired: number;
}

/** Stop the escalations of incidents that were just acknowledged or resolved, in the transaction that did it. */
export async function stopEscalations(run: SqlRunner, incidentIds: string[], because: 'acknowledged' | 'resolved'): Promise<void> {
  if (incidentIds.length === 0) return;
  await run(sql`
    UPDATE incident_escalations SET next_at = NULL, stopped_at = now(), stopped_because = ${because}
    WHERE next_at IS NOT NULL AND incident_id = ANY (${uuidArray(incidentIds)})`);
}

export async function runEscalations({ now = new Date() }: { now?: Date } = {}): Promise<EscalationRound> {
  const client = sqlClient();
  const run = runIn(client);
  const at = sql`${now.toISOString()}::timestamptz`;
  // First what dependencies held and may now be told: an announced incident escalates from here.
  const announced = (await client.begin((tx) => announceReleased(runIn(tx)))) as number;
  const started = await run(sql`
    INSERT INTO incident_escalations (incident_id, policy_id, next_at)
    SELECT i.id, mp.policy_id, ${at}
    FROM incidents i JOIN monitor_escalation_policies mp ON mp.monitor_id = i.monitor_id
    WHERE i.resolved_at IS NULL AND i.status = 'open'
      AND EXISTS (SELECT 1 FROM escalation_steps s WHERE s.policy_id = mp.policy_id)
      AND NOT EXISTS (SELECT 1 FROM incident_escalations e WHERE e.incident_id = i.id)
    ON CONFLICT (incident_id) DO NOTHING
    RETURNING incident_id`);
  const stopped = await run(sql`
    UPDATE incident_escalations e
    SET next_at = NULL, stopped_at = ${at},
        stopped_because = CASE WHEN i.resolved_at IS NOT NULL THEN 'resolved' WHEN i.status <> 'open' THEN 'acknowledged'
                               WHEN e.next_step >= (SELECT count(*) FROM escalation_steps s WHERE s.policy_id = e.policy_id) THEN 'finished' ELSE 'removed' END
    FROM incidents i
    WHERE i.id = e.incident_id AND e.next_at IS NOT NULL
      AND (i.resolved_at IS NOT NULL OR i.status <> 'open'
           OR NOT EXISTS (SELECT 1 FROM monitor_escalation_policies mp WHERE mp.monitor_id = i.monitor_id AND mp.policy_id = e.policy_id)
           OR e.next_step >= (SELECT count(*) FROM escalation_steps s WHERE s.policy_id = e.policy_id))
    RETURNING e.incident_id`);
  const fired = await run<{ n: number }>(sql`
    WITH due AS (
      SELECT e.incident_id, e.policy_id, e.next_step, e.pass
      FROM incident_escalations e JOIN incidents i ON i.id = e.incident_id
      WHERE e.next_at <= ${at} AND i.resolved_at IS NULL AND i.status = 'open'
        AND NOT ${quietIncident} AND NOT ${monitorInMaintenance(sql`i.monitor_id`, at)}
      ORDER BY e.next_at
      LIMIT ${BATCH}
      FOR UPDATE OF e SKIP LOCKED
    ),
    step AS (
      SELECT due.*, s.id AS step_id, s.wait_minutes, s.notify_responders, p.name AS policy_name, p.repeat_count,
             (SELECT count(*)::int FROM escalation_steps s2 WHERE s2.policy_id = due.policy_id) AS steps
      FROM due JOIN escalation_steps s ON s.policy_id = due.policy_id AND s.position = due.next_step
      JOIN escalation_policies p ON p.id = due.policy_id
    ),
    ev AS (
      INSERT INTO notification_events (user_id, team_id, kind, incident_id, monitor_id, agent_id, payload)
      SELECT a.user_id, a.team_id, 'incident.escalated', i.id, m.id, a.id, ${incidentSnapshot} || jsonb_build_object('escalation', jsonb_build_object(
        'policyId', step.policy_id, 'policy', step.policy_name, 'step', step.next_step + 1, 'steps', step.steps,
        'pass', step.pass + 1, 'passes', step.repeat_count + 1, 'waitMinutes', step.wait_minutes,
        'previousWaitMinutes', (SELECT s3.wait_minutes FROM escalation_steps s3 WHERE s3.policy_id = step.policy_id
                                AND s3.position = CASE WHEN step.next_step = 0 THEN step.steps - 1 ELSE step.next_step - 1 END),
        'channels', (SELECT coalesce(jsonb_agg(c.name ORDER BY c.name), '[]'::jsonb) FROM escalation_step_channels sc JOIN notification_channels c ON c.id = sc.channel_id
                     WHERE sc.step_id = step.step_id)))
      FROM step JOIN incidents i ON i.id = step.incident_id JOIN monitors m ON m.id = i.monitor_id JOIN agents a ON a.id = m.agent_id
      RETURNING id, incident_id, team_id
    ),
    to_channels AS (
      INSERT INTO notification_deliveries (event_id, channel_id)
      SELECT ev.id, sc.channel_id FROM ev JOIN step ON step.incident_id = ev.incident_id
      JOIN escalation_step_channels sc ON sc.step_id = step.step_id
      -- the first step does not repeat a channel that already had the incident's opening message
      WHERE NOT (step.next_step = 0 AND step.pass = 0 AND EXISTS (
        SELECT 1 FROM notification_deliveries d JOIN notification_events oe ON oe.id = d.event_id
        WHERE d.channel_id = sc.channel_id AND oe.incident_id = ev.incident_id AND oe.kind = 'incident.opened'))
      RETURNING 1
    ),
    to_members AS (
      INSERT INTO notification_deliveries (event_id, member_id)
      SELECT ev.id, tm.user_id FROM ev JOIN step ON step.incident_id = ev.incident_id
      JOIN team_members tm ON tm.team_id = ev.team_id AND tm.role <> 'viewer'
      WHERE step.notify_responders
      RETURNING 1
    ),
    advance AS (
      UPDATE incident_escalations e SET
        next_step = CASE WHEN step.next_step + 1 < step.steps THEN step.next_step + 1 ELSE 0 END,
        pass = CASE WHEN step.next_step + 1 < step.steps THEN step.pass ELSE step.pass + 1 END,
        next_at = CASE WHEN step.next_step + 1 < step.steps OR step.pass < step.repeat_count THEN ${at} + make_interval(mins => step.wait_minutes) END,
        stopped_at = CASE WHEN step.next_step + 1 < step.steps OR step.pass < step.repeat_count THEN NULL ELSE ${at} END,
        stopped_because = CASE WHEN step.next_step + 1 < step.steps OR step.pass < step.repeat_count THEN NULL ELSE 'finished' END
      FROM step WHERE e.incident_id = step.incident_id
      RETURNING 1
    )
    SELECT (SELECT count(*)::int FROM ev) AS n, (SELECT count(*) FROM to_channels) + (SELECT count(*) FROM to_members) + (SELECT count(*) FROM advance) AS written`);
  const result = { announced, started: started.length, stopped: stopped.length, fired: fired[0]?.n ?? 0 };
  if (result.fired + announced > 0) wakeDeliveryWorker();
  return result;
}
