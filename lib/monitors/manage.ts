import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { db, type Transaction } from '@/db';
import { agents, type Monitor, monitorLocations, monitors } from '@/db/schema';
import { hostOfTarget, isPrivateHost } from '@/lib/contracts/targets';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { changedFields } from '@/lib/audit/changes';
import { closeIncidentsOf } from '@/lib/incidents/manage';
import { setDependencies } from '@/lib/dependencies/manage';
import { setMonitorPolicy } from '@/lib/escalation/manage';
import { recordAudit } from '@/lib/audit/record';
import { assertInterval, assertRoomFor, lockTeamUsage, recordUsageChange, type Usage } from '@/lib/plans/usage';
import { assertPushInterval, NO_PUSH_COLUMNS, newPushKey, pushOptionsOf, receivingAgent, scheduleFrom } from '@/lib/checks/push/manage';
import type { MonitorInput } from './input';
import { endDegraded, syncLocations, teamLocationAgents } from './locations';
import { PERMISSIONS, requireRole, type TeamContext } from '@/lib/teams/roles';

// A team's monitors, managed by its editors. A monitor belongs to the team through its
// agent: every statement is limited to monitors of ctx.teamId's agents, and a monitor may
// only be pointed at one of the team's agents.

const notFound = () => new AppError('NOT_FOUND', 'That monitor does not exist.');
const ownAgentIds = (teamId: string) => db.select({ id: agents.id }).from(agents).where(eq(agents.teamId, teamId));

/** The agent that checks the monitor: one of the team's (any but the built-in one may check private targets only with consent). */
async function checkAgent(tx: Transaction, ctx: TeamContext, input: MonitorInput & { agentId: string }): Promise<void> {
  const [agent] = await tx
    .select({ kind: agents.kind })
    .from(agents)
    .where(and(eq(agents.id, input.agentId), eq(agents.teamId, ctx.teamId)));
  if (!agent) {
    throw new AppError('NOT_FOUND', 'Choose one of your agents.', { details: [{ field: 'agentId', message: 'Choose one of your agents.' }] });
  }
  const env = getEnv();
  // The built-in agent runs inside the server: in production it must not become a way
  // to probe the server's own network, unless the operator allows it.
  if (agent.kind === 'builtin' && !env.WATCHPOST_EMBEDDED && !env.WATCHPOST_BUILTIN_AGENT_PRIVATE_TARGETS) {
    const host = hostOfTarget(input.type, input.target);
    if (host && isPrivateHost(host)) {
      const message = 'The built-in agent may only check public addresses on this server. Use a remote agent for private ones.';
      throw new AppError('FORBIDDEN', message, { details: [{ field: 'target', message }] });
    }
  }
}

/**
 * Which agent checks the monitor and the type's own columns: a push monitor is received
 * by the team's built-in agent and carries its ping key (kept across edits) and schedule.
 */
async function placement(tx: Transaction, ctx: TeamContext, usage: Usage, id: string, input: MonitorInput, current?: Monitor) {
  if (input.type !== 'push') {
    if (!input.agentId) {
      // The first location is the one a monitor cannot do without.
      const message = current ? `“${current.name}” needs at least one location: choose one of your agents.` : 'Choose one of your agents.';
      throw new AppError('INVALID_INPUT', message, { details: [{ field: 'agentId', message }] });
    }
    await checkAgent(tx, ctx, { ...input, agentId: input.agentId });
    for (const agent of await teamLocationAgents(tx, ctx, input.locations)) {
      if (agent.kind === 'builtin') await checkAgent(tx, ctx, { ...input, agentId: agent.id });
    }
    assertInterval(usage, input.intervalSeconds, current?.intervalSeconds);
    return { agentId: input.agentId, ...NO_PUSH_COLUMNS };
  }
  const options = pushOptionsOf(input.options);
  assertPushInterval(usage, options, input.intervalSeconds, current?.intervalSeconds);
  const wasPush = current?.type === 'push' && current.pushKeyHash !== null;
  const agentId = wasPush && current.agentId ? current.agentId : await receivingAgent(tx, ctx, usage);
  const key = wasPush ? {} : newPushKey(id).columns;
  // The schedule starts afresh when it is new or changed; an edit of the name keeps it.
  const sameSchedule = wasPush && JSON.stringify(pushOptionsOf(current.options)) === JSON.stringify(options);
  return { agentId, ...key, ...(sameSchedule ? {} : scheduleFrom(options)) };
}

/** Besides the monitor's own fields: what it depends on and its escalation policy (absent: unchanged; the API sets the policy). */
export type MonitorSave = MonitorInput & { escalationPolicyId?: string | null };

/** Its dependencies and policy, in the transaction that saves the monitor. */
async function saveRelations(tx: Transaction, ctx: TeamContext, monitorId: string, input: MonitorSave): Promise<void> {
  if (input.dependsOn !== undefined) await setDependencies(tx, ctx, monitorId, input.dependsOn);
  if (input.escalationPolicyId !== undefined) await setMonitorPolicy(tx, ctx, monitorId, input.escalationPolicyId);
}

export async function createMonitor({ ctx, input }: { ctx: TeamContext; input: MonitorSave }): Promise<{ id: string }> {
  requireRole(ctx, PERMISSIONS.manageMonitors);
  return db.transaction(async (tx) => {
    const usage = await lockTeamUsage(tx, ctx.teamId);
    const id = randomUUID();
    const placed = await placement(tx, ctx, usage, id, input);
    assertRoomFor(usage, 'monitors');
    const { locations, dependsOn: _d, escalationPolicyId: _p, ...columns } = input;
    // clock_timestamp(): lists keep the order monitors were made in, several in one transaction (apply) too.
    const [created] = await tx.insert(monitors).values({ ...columns, ...placed, id, status: 'unknown', enabled: true, createdAt: sql`clock_timestamp()` }).returning({ id: monitors.id });
    await syncLocations(tx, id, placed.agentId, locations);
    await saveRelations(tx, ctx, id, input);
    await recordUsageChange(tx, { teamId: ctx.teamId, before: usage, resource: 'monitors', kind: 'created', quantity: 1, resourceId: created!.id });
    await recordAudit(tx, ctx, { action: 'created', kind: 'monitor', id: created!.id, label: input.name });
    return created!;
  });
}

export async function updateMonitor({ ctx, input }: { ctx: TeamContext; input: MonitorSave & { monitorId: string } }) {
  requireRole(ctx, PERMISSIONS.manageMonitors);
  const { monitorId, ...fields } = input;
  await db.transaction(async (tx) => {
    const usage = await lockTeamUsage(tx, ctx.teamId);
    const [current] = await tx
      .select()
      .from(monitors)
      .where(and(eq(monitors.id, monitorId), inArray(monitors.agentId, ownAgentIds(ctx.teamId))))
      .for('update');
    if (!current) throw notFound();
    const placed = await placement(tx, ctx, usage, monitorId, fields, current);
    const { locations, dependsOn: _d, escalationPolicyId: _p, ...columns } = fields;
    const changes = { ...columns, agentId: placed.agentId };
    await tx.update(monitors).set({ ...changes, ...placed }).where(eq(monitors.id, monitorId));
    const before = await locationIds(tx, monitorId);
    await syncLocations(tx, monitorId, placed.agentId, locations);
    await saveRelations(tx, ctx, monitorId, fields);
    if (current.degradedSince && columns.degradedAfterMs === null) await endDegraded(tx, monitorId);
    const moved = [...before].sort().join() !== [...locations].sort().join() ? ['locations'] : [];
    await recordAudit(tx, ctx, { action: 'changed', kind: 'monitor', id: monitorId, label: fields.name, fields: [...changedFields(current, changes), ...moved] });
  });
}

/**
 * Pause (status `paused`) or resume (status `unknown` until the next heartbeat) a monitor.
 * Paused `forMinutes`, it resumes by itself then (resumeTimedPauses, within a leader round).
 */
export async function setMonitorEnabled({ ctx, input }: { ctx: TeamContext; input: { monitorId: string; enabled: boolean; forMinutes?: number } }) {
  requireRole(ctx, PERMISSIONS.manageMonitors);
  const until = !input.enabled && input.forMinutes ? sql`now() + make_interval(mins => ${input.forMinutes}::int)` : null;
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(monitors)
      .set({ enabled: input.enabled, status: input.enabled ? 'unknown' : 'paused', pausedUntil: until })
      .where(and(eq(monitors.id, input.monitorId), inArray(monitors.agentId, ownAgentIds(ctx.teamId))))
      .returning({ id: monitors.id, name: monitors.name, type: monitors.type, options: monitors.options });
    if (!updated) throw notFound();
    await afterResume(tx, updated, input.enabled);
    if (!input.enabled) await closeIncidentsOf(tx, ctx, [updated.id], 'paused');
    const label = input.forMinutes && !input.enabled ? `${updated.name} (for ${input.forMinutes} min)` : updated.name;
    await recordAudit(tx, ctx, { action: input.enabled ? 'resumed' : 'paused', kind: 'monitor', id: updated.id, label, fields: ['enabled'] });
  });
}

/** A resumed push monitor expects its next ping from now on (no misses for the paused time). */
async function afterResume(tx: Transaction, monitor: { id: string; type: string; options: Monitor['options'] }, enabled: boolean): Promise<void> {
  if (monitor.type === 'push' && enabled) await tx.update(monitors).set(scheduleFrom(pushOptionsOf(monitor.options))).where(eq(monitors.id, monitor.id));
}

/** Resume the monitors whose timed pause is over (the background leader, each round). */
export async function resumeTimedPauses(): Promise<number> {
  return db.transaction(async (tx) => {
    const resumed = await tx
      .update(monitors)
      .set({ enabled: true, status: 'unknown', pausedUntil: null })
      .where(and(sql`${monitors.pausedUntil} <= now()`, eq(monitors.enabled, false)))
      .returning({ id: monitors.id, type: monitors.type, options: monitors.options });
    for (const monitor of resumed) await afterResume(tx, monitor, true);
    return resumed.length;
  });
}

export async function deleteMonitor({ ctx, input }: { ctx: TeamContext; input: { monitorId: string } }) {
  requireRole(ctx, PERMISSIONS.manageMonitors);
  await db.transaction(async (tx) => {
    const usage = await lockTeamUsage(tx, ctx.teamId);
    const [own] = await tx
      .select({ id: monitors.id })
      .from(monitors)
      .where(and(eq(monitors.id, input.monitorId), inArray(monitors.agentId, ownAgentIds(ctx.teamId))));
    if (own) await closeIncidentsOf(tx, ctx, [own.id], 'deleted');
    const deleted = await tx
      .delete(monitors)
      .where(and(eq(monitors.id, input.monitorId), inArray(monitors.agentId, ownAgentIds(ctx.teamId))))
      .returning({ id: monitors.id, name: monitors.name });
    if (deleted.length === 0) throw notFound();
    await recordUsageChange(tx, { teamId: ctx.teamId, before: usage, resource: 'monitors', kind: 'deleted', quantity: 1, resourceId: input.monitorId });
    await recordAudit(tx, ctx, { action: 'deleted', kind: 'monitor', id: input.monitorId, label: deleted[0]!.name });
  });
}

/** The monitor's further locations' agents, by position. */
async function locationIds(tx: Transaction, monitorId: string): Promise<string[]> {
  const rows = await tx.select({ agentId: monitorLocations.agentId }).from(monitorLocations).where(eq(monitorLocations.monitorId, monitorId)).orderBy(monitorLocations.position);
  return rows.map((row) => row.agentId);
}
