import 'server-only';
import { getEnv } from '@/lib/env';
import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { db, type Transaction } from '@/db';
import { agents, monitors } from '@/db/schema';
import { recordAudit } from '@/lib/audit/record';
import { insertAgent } from '@/lib/agents/manage';
import { completeOptions, type PushOptions } from '@/lib/contracts/monitors';
import { decryptRowSecret, encryptRowSecret } from '@/lib/crypto/agent-keys';
import { serverKeys } from '@/lib/crypto/server-keys';
import { AppError } from '@/lib/errors';
import { assertInterval, type Usage } from '@/lib/plans/usage';
import { PERMISSIONS, requireRole, type TeamContext } from '@/lib/teams/roles';
import { generatePushKey, pushKeyHash } from './keys';
import { deadlineOf, nextExpected } from './schedule';

// The writes only push monitors have: the agent that receives their pings (the team's
// built-in agent, "This server", made when the team has none), their ping key, and their
// schedule's next deadline. lib/monitors/manage.ts calls these inside its transactions.

const BUILTIN_NAME = 'This server';

/** The team's built-in agent, made (and counted against the plan like any agent) if it has none. */
export async function receivingAgent(tx: Transaction, ctx: TeamContext, usage: Usage): Promise<string> {
  const [existing] = await tx.select({ id: agents.id }).from(agents).where(and(eq(agents.teamId, ctx.teamId), eq(agents.kind, 'builtin')));
  if (existing) return existing.id;
  const [taken] = await tx.select({ id: agents.id }).from(agents).where(and(eq(agents.teamId, ctx.teamId), sql`lower(${agents.name}) = lower(${BUILTIN_NAME})`));
  const name = taken ? `${BUILTIN_NAME} (built in)` : BUILTIN_NAME;
  const id = randomUUID();
  try {
    // Online from the start: the leader marks it seen every round from now on.
    await insertAgent(tx, ctx, usage, { id, name, kind: 'builtin', apiKeyEncrypted: Buffer.alloc(0), status: 'online', lastSeenAt: new Date() });
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'LIMIT_REACHED') throw error;
    const message = `Push monitors are received by this server's built-in agent, which this team does not have yet, and adding it would pass the plan's agent limit. ${error.message}`;
    throw new AppError('LIMIT_REACHED', message, { details: [{ field: 'type', message }] });
  }
  await recordAudit(tx, ctx, { action: 'created', kind: 'agent', id, label: name });
  return id;
}

/** The plan's shortest interval, said about the schedule field that set it. */
export function assertPushInterval(usage: Usage, options: PushOptions, intervalSeconds: number, current?: number | null): void {
  try {
    assertInterval(usage, intervalSeconds, current);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const field = options.schedule === 'cron' ? 'cron' : 'period';
    throw new AppError(error.code, `This schedule expects a ping every ${intervalSeconds} s at its most frequent. ${error.message}`, {
      details: [{ field, message: error.message }],
    });
  }
}

/** A new ping key's columns for monitor `monitorId`, and the key itself. */
export function newPushKey(monitorId: string): { key: string; columns: { pushKeyHash: string; pushKeyEncrypted: Buffer } } {
  const key = generatePushKey();
  return { key, columns: { pushKeyHash: pushKeyHash(key), pushKeyEncrypted: encryptRowSecret(key, monitorId, serverKeys().current) } };
}

/** The schedule's columns from `now` on: the next expected ping and its deadline (a fresh start: no open runs count). */
export function scheduleFrom(options: PushOptions, now = new Date()): { pushExpectedAt: Date | null; pushDeadlineAt: Date | null } {
  const expected = nextExpected(options, now);
  return { pushExpectedAt: expected, pushDeadlineAt: deadlineOf(expected, null, options.graceSeconds) };
}

/** The push columns a monitor that is no longer a push monitor (or never was) holds. */
export const NO_PUSH_COLUMNS = { pushKeyHash: null, pushKeyEncrypted: null, pushExpectedAt: null, pushDeadlineAt: null };

/** The ping key of a push monitor, to show its URL; null if no configured server key opens it. */
export function revealPushKey(monitorId: string, stored: Buffer | null): string | null {
  return stored ? decryptRowSecret(stored, monitorId, serverKeys().accepted) : null;
}

/** A push monitor's ping URLs under `base` (WATCHPOST_PUBLIC_URL, else the address the caller used); null without a key. */
export function pingUrls(monitorId: string, stored: Buffer | null, base: string): { pingUrl: string; kumaUrl: string } | null {
  const key = revealPushKey(monitorId, stored);
  if (!key) return null;
  const origin = (getEnv().WATCHPOST_PUBLIC_URL ?? base).replace(/\/$/, '');
  return { pingUrl: `${origin}/ping/${key}`, kumaUrl: `${origin}/api/push/${key}?status=up&msg=OK&ping=` };
}

/** A new ping URL for a push monitor: the old one answers 404 from now on. */
export async function regeneratePushKey({ ctx, input }: { ctx: TeamContext; input: { monitorId: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageMonitors);
  await db.transaction(async (tx) => {
    const [monitor] = await tx
      .select({ id: monitors.id, name: monitors.name })
      .from(monitors)
      .innerJoin(agents, eq(monitors.agentId, agents.id))
      .where(and(eq(monitors.id, input.monitorId), eq(agents.teamId, ctx.teamId), eq(monitors.type, 'push')))
      .for('update', { of: monitors });
    if (!monitor) throw new AppError('NOT_FOUND', 'That push monitor does not exist.');
    await tx.update(monitors).set(newPushKey(monitor.id).columns).where(eq(monitors.id, monitor.id));
    await recordAudit(tx, ctx, { action: 'changed', kind: 'monitor', id: monitor.id, label: monitor.name, fields: ['ping URL'] });
  });
}

/** A push monitor's options, complete. */
export const pushOptionsOf = (stored: unknown) => completeOptions('push', stored) as PushOptions;
