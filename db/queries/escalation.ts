import 'server-only';
import { and, asc, eq, sql } from 'drizzle-orm';
import { readDb } from '@/db';
import { escalationPolicies, incidentEscalations, monitorEscalationPolicies } from '@/db/schema';

// Team-scoped reads of escalation policies, and an incident's escalation for its page.

export interface PolicyStep {
  waitMinutes: number;
  notifyResponders: boolean;
  channelIds: string[];
}

export interface PolicyRecord {
  id: string;
  name: string;
  repeatCount: number;
  steps: PolicyStep[];
  monitors: number;
}

/** The team's policies (or the one with `policyId`), by name. */
export async function listPolicies(teamId: string, policyId?: string): Promise<PolicyRecord[]> {
  const rows = await readDb
    .select({
      id: escalationPolicies.id,
      name: escalationPolicies.name,
      repeatCount: escalationPolicies.repeatCount,
      monitors: sql<number>`(SELECT count(*) FROM monitor_escalation_policies mp WHERE mp.policy_id = escalation_policies.id)`.mapWith(Number),
      steps: sql<PolicyStep[]>`coalesce((
        SELECT jsonb_agg(jsonb_build_object('waitMinutes', s.wait_minutes, 'notifyResponders', s.notify_responders,
          'channelIds', (SELECT coalesce(jsonb_agg(sc.channel_id ORDER BY sc.channel_id), '[]'::jsonb) FROM escalation_step_channels sc WHERE sc.step_id = s.id)) ORDER BY s.position)
        FROM escalation_steps s WHERE s.policy_id = escalation_policies.id), '[]'::jsonb)`,
    })
    .from(escalationPolicies)
    .where(and(eq(escalationPolicies.teamId, teamId), policyId ? eq(escalationPolicies.id, policyId) : undefined))
    .orderBy(asc(sql`lower(${escalationPolicies.name})`));
  return rows;
}

export async function getPolicy(teamId: string, policyId: string): Promise<PolicyRecord | null> {
  return (await listPolicies(teamId, policyId))[0] ?? null;
}

export async function policyChoices(teamId: string): Promise<{ id: string; name: string }[]> {
  return readDb.select({ id: escalationPolicies.id, name: escalationPolicies.name }).from(escalationPolicies).where(eq(escalationPolicies.teamId, teamId)).orderBy(escalationPolicies.name);
}

export async function monitorPolicyId(teamId: string, monitorId: string): Promise<string | null> {
  const [row] = await readDb
    .select({ policyId: monitorEscalationPolicies.policyId })
    .from(monitorEscalationPolicies)
    .innerJoin(escalationPolicies, eq(escalationPolicies.id, monitorEscalationPolicies.policyId))
    .where(and(eq(monitorEscalationPolicies.monitorId, monitorId), eq(escalationPolicies.teamId, teamId)));
  return row?.policyId ?? null;
}

export interface EscalationTimeline {
  policyName: string;
  steps: number;
  /** the step that fires next (1-based) and when; null once stopped */
  next: { step: number; pass: number; at: Date } | null;
  stopped: { because: string; at: Date } | null;
  /** each step fired: when, and to whom with what came of it */
  fired: { at: Date; step: number; pass: number; recipients: { name: string; state: string; deliveredAt: Date | null }[]; alreadyTold: string[] }[];
}

/** An incident's escalation, by a policy of the team. */
export async function incidentEscalation(teamId: string, incidentId: string): Promise<EscalationTimeline | null> {
  const [row] = await readDb
    .select({
      policyName: escalationPolicies.name,
      nextStep: incidentEscalations.nextStep,
      pass: incidentEscalations.pass,
      nextAt: incidentEscalations.nextAt,
      stoppedAt: incidentEscalations.stoppedAt,
      stoppedBecause: incidentEscalations.stoppedBecause,
      steps: sql<number>`(SELECT count(*) FROM escalation_steps s WHERE s.policy_id = ${incidentEscalations.policyId})`.mapWith(Number),
    })
    .from(incidentEscalations)
    .innerJoin(escalationPolicies, eq(escalationPolicies.id, incidentEscalations.policyId))
    .where(and(eq(incidentEscalations.incidentId, incidentId), eq(escalationPolicies.teamId, teamId)));
  if (!row) return null;
  const fired = await readDb.execute<{ at: string; step: number; pass: number; channels: string[] | null; recipients: { name: string; state: string; deliveredAt: string | null }[] }>(sql`
    SELECT e.created_at AS at, (e.payload->'escalation'->>'step')::int AS step, (e.payload->'escalation'->>'pass')::int AS pass,
      e.payload->'escalation'->'channels' AS channels,
      coalesce((SELECT jsonb_agg(jsonb_build_object('name', coalesce(c.name, u.email, 'a deleted channel'), 'state', d.state, 'deliveredAt', d.delivered_at) ORDER BY coalesce(c.name, u.email))
                FROM notification_deliveries d LEFT JOIN notification_channels c ON c.id = d.channel_id LEFT JOIN users u ON u.id = d.member_id
                WHERE d.event_id = e.id), '[]'::jsonb) AS recipients
    FROM notification_events e WHERE e.incident_id = ${incidentId} AND e.kind = 'incident.escalated' ORDER BY e.created_at`);
  return {
    policyName: row.policyName,
    steps: row.steps,
    next: row.nextAt ? { step: row.nextStep + 1, pass: row.pass + 1, at: row.nextAt } : null,
    stopped: row.stoppedAt ? { because: row.stoppedBecause ?? 'finished', at: row.stoppedAt } : null,
    fired: [...fired].map((f) => ({
      at: new Date(f.at),
      step: f.step,
      pass: f.pass,
      recipients: f.recipients.map((r) => ({ name: r.name, state: r.state, deliveredAt: r.deliveredAt ? new Date(r.deliveredAt) : null })),
      // The step's channels it did not send to: they had the incident's opening message already.
      alreadyTold: (f.channels ?? []).filter((name) => !f.recipients.some((r) => r.name === name)),
    })),
  };
}

