import 'server-only';
import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { db, type Transaction } from '@/db';
import { agents, monitors, notificationChannelComponents, notificationChannelMonitors, notificationChannels, notificationDeliveries, statusPageComponents, statusPages, type ChannelKind } from '@/db/schema';
import { DEFAULT_EVENTS, eventsOfKind, KIND_FORMS, type RoutableEvent } from './kind-forms';
import { setMonitorPolicy } from '@/lib/escalation/manage';
import { decryptRowSecret, encryptRowSecret } from '@/lib/crypto/agent-keys';
import { serverKeys } from '@/lib/crypto/server-keys';
import { pgError, UNIQUE_VIOLATION } from '@/lib/db-errors';
import { getEnv } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { resolvesToPrivate } from '@/lib/net/private-targets';
import { enqueueTest } from './enqueue';
import type { ChannelSecrets, ChannelSettings, ParsedChannel } from './kinds';
import { wakeDeliveryWorker } from './wake';
import { PERMISSIONS, requireRole, type TeamContext } from '@/lib/teams/roles';
import { changedFields } from '@/lib/audit/changes';
import { recordAudit } from '@/lib/audit/record';

// A team's channels, managed by its editors. Every statement is scoped by ctx.teamId; another
// user's channel is NOT_FOUND, like one that does not exist.

export interface ChannelInput extends ParsedChannel {
  name: string;
  kind: ChannelKind;
  allMonitors: boolean;
  monitorIds: string[];
  reminderMinutes?: number;
  /** The events it gets; absent: DEFAULT_EVENTS for a new channel, unchanged on an edit. Those its kind cannot carry are dropped. */
  events?: readonly string[];
  /** Also the monitors behind these status page components (the team's own; others are ignored). */
  componentIds?: string[];
}

/** The chosen events a kind can carry, in ROUTABLE_EVENTS' order. */
export function eventsFor(kind: ChannelKind, chosen: readonly string[]): RoutableEvent[] {
  return eventsOfKind(kind).filter((event) => chosen.includes(event));
}

const notFound = () => new AppError('NOT_FOUND', 'That notification channel does not exist.');

export function sealSecrets(secrets: ChannelSecrets, channelId: string): Buffer {
  return encryptRowSecret(JSON.stringify(secrets), channelId, serverKeys().current);
}

export function openSecrets(stored: Buffer, channelId: string): ChannelSecrets {
  const plaintext = decryptRowSecret(stored, channelId, serverKeys().accepted);
  if (plaintext === null) throw new Error(`No configured server key opens the secrets of notification channel ${channelId}.`);
  return JSON.parse(plaintext) as ChannelSecrets;
}

export function newSigningSecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

function nameTaken(error: unknown, name: string): AppError | null {
  if (pgError(error)?.code !== UNIQUE_VIOLATION) return null;
  const message = `You already have a channel named “${name}”.`;
  return new AppError('CONFLICT', message, { details: [{ field: 'name', message }] });
}

/** A production server must not post to its own network unless the operator allows it. */
async function checkDestination(kind: ChannelKind, settings: ChannelSettings, secrets: ChannelSecrets): Promise<void> {
  const env = getEnv();
  if (env.WATCHPOST_EMBEDDED || env.WATCHPOST_NOTIFY_PRIVATE_TARGETS) return;
  const field = KIND_FORMS[kind].address;
  const url = field === 'url' ? secrets.url : field === 'serverUrl' ? settings.serverUrl : undefined;
  if (!field || !url) return;
  if (await resolvesToPrivate(new URL(url).hostname)) {
    const message = 'That address is on a private network: this server only sends to public addresses (the operator can allow private ones with WATCHPOST_NOTIFY_PRIVATE_TARGETS=true).';
    throw new AppError('FORBIDDEN', message, { details: [{ field, message }] });
  }
}

async function setMonitors(tx: Transaction, ctx: TeamContext, channelId: string, input: Pick<ChannelInput, 'allMonitors' | 'monitorIds' | 'componentIds'>) {
  await tx.delete(notificationChannelMonitors).where(eq(notificationChannelMonitors.channelId, channelId));
  await tx.delete(notificationChannelComponents).where(eq(notificationChannelComponents.channelId, channelId));
  if (coversAll(input)) return;
  if (input.componentIds?.length) {
    const components = await tx
      .select({ id: statusPageComponents.id })
      .from(statusPageComponents)
      .innerJoin(statusPages, eq(statusPages.id, statusPageComponents.pageId))
      .where(and(eq(statusPages.teamId, ctx.teamId), inArray(statusPageComponents.id, input.componentIds)));
    if (components.length) await tx.insert(notificationChannelComponents).values(components.map((c) => ({ channelId, componentId: c.id })));
  }
  if (input.monitorIds.length === 0) return;
  // Only the user's own monitors: another user's id is ignored as if it did not exist.
  const own = await tx
    .select({ id: monitors.id })
    .from(monitors)
    .innerJoin(agents, eq(agents.id, monitors.agentId))
    .where(and(eq(agents.teamId, ctx.teamId), inArray(monitors.id, input.monitorIds)));
  if (own.length) await tx.insert(notificationChannelMonitors).values(own.map((m) => ({ channelId, monitorId: m.id })));
}

/** Every monitor: asked for, or nothing chosen. */
const coversAll = (input: Pick<ChannelInput, 'allMonitors' | 'monitorIds' | 'componentIds'>) => input.allMonitors || (input.monitorIds.length === 0 && !input.componentIds?.length);

/** A new channel; a webhook comes with its signing secret, shown to the user this once. */
export async function createChannel({ ctx, input }: { ctx: TeamContext; input: ChannelInput }): Promise<{ id: string; signingSecret: string | null }> {
  requireRole(ctx, PERMISSIONS.manageChannels);
  const id = randomUUID();
  const secrets: ChannelSecrets = { ...input.secrets };
  if (input.kind === 'webhook') secrets.signingSecret = newSigningSecret();
  await checkDestination(input.kind, input.settings, secrets);
  try {
    await db.transaction(async (tx) => {
      await tx.insert(notificationChannels).values({
        id,
        userId: ctx.userId,
        teamId: ctx.teamId,
        name: input.name,
        kind: input.kind,
        settings: input.settings,
        secretsEncrypted: sealSecrets(secrets, id),
        allMonitors: coversAll(input),
        reminderMinutes: input.reminderMinutes ?? null,
        events: eventsFor(input.kind, input.events ?? DEFAULT_EVENTS),
        // The order channels were made in, several in one transaction (apply) too.
        createdAt: sql`clock_timestamp()`,
      });
      await setMonitors(tx, ctx, id, input);
      await recordAudit(tx, ctx, { action: 'created', kind: 'channel', id, label: input.name });
    });
  } catch (error) {
    throw nameTaken(error, input.name) ?? error;
  }
  return { id, signingSecret: secrets.signingSecret ?? null };
}

async function ownChannel(tx: Transaction, ctx: TeamContext, channelId: string) {
  const [channel] = await tx
    .select()
    .from(notificationChannels)
    .where(and(eq(notificationChannels.id, channelId), eq(notificationChannels.teamId, ctx.teamId)))
    .for('update');
  if (!channel) throw notFound();
  return channel;
}

/**
 * What settings say of secrets (a secret URL's host, a webhook's header names) stays while
 * the secret does: an edit that leaves the URL or headers blank keeps them.
 */
function keptSettings(saved: ChannelSettings, input: ChannelInput): ChannelSettings {
  const settings = { ...input.settings };
  if (input.secrets.url === undefined && settings.host === undefined && saved.host !== undefined) settings.host = saved.host;
  if (input.secrets.headers === undefined && settings.headerNames === undefined && saved.headerNames !== undefined) settings.headerNames = saved.headerNames;
  return settings;
}

/** Change a channel; secrets left blank keep their saved values. Saving clears "failing": the user fixed it, or will see it fail again. */
export async function updateChannel({ ctx, input }: { ctx: TeamContext; input: ChannelInput & { channelId: string } }) {
  requireRole(ctx, PERMISSIONS.manageChannels);
  try {
    await db.transaction(async (tx) => {
      const channel = await ownChannel(tx, ctx, input.channelId);
      // The form says which kind it was filled in for; a channel never changes kind.
      if (input.kind !== channel.kind) throw new AppError('INVALID_INPUT', 'A channel cannot change its kind: add a new channel instead.');
      const secrets = { ...openSecrets(channel.secretsEncrypted, channel.id), ...input.secrets };
      const settings = keptSettings(channel.settings, input);
      const events = eventsFor(channel.kind as ChannelKind, input.events ?? channel.events);
      // Components not given (watchpost.yaml has none): the saved ones stay.
      if (input.componentIds === undefined) {
        const saved = await tx.select({ id: notificationChannelComponents.componentId }).from(notificationChannelComponents).where(eq(notificationChannelComponents.channelId, channel.id));
        input = { ...input, componentIds: saved.map((row) => row.id) };
      }
      await checkDestination(channel.kind as ChannelKind, settings, secrets);
      await tx
        .update(notificationChannels)
        .set({
          name: input.name,
          settings,
          secretsEncrypted: sealSecrets(secrets, channel.id),
          allMonitors: coversAll(input),
          reminderMinutes: input.reminderMinutes ?? null,
          events,
          failingSince: null,
          failingReason: null,
          consecutiveFailures: 0,
        })
        .where(eq(notificationChannels.id, channel.id));
      const monitorsOf = async () => [
        ...(await tx.select({ id: notificationChannelMonitors.monitorId }).from(notificationChannelMonitors).where(eq(notificationChannelMonitors.channelId, channel.id))).map((row) => row.id).sort(),
        ...(await tx.select({ id: notificationChannelComponents.componentId }).from(notificationChannelComponents).where(eq(notificationChannelComponents.channelId, channel.id))).map((row) => `component ${row.id}`).sort(),
      ];
      const before = await monitorsOf();
      await setMonitors(tx, ctx, channel.id, input);
      const fields = changedFields(
        { ...channel, monitors: before },
        { name: input.name, settings, allMonitors: coversAll(input), reminderMinutes: input.reminderMinutes ?? null, events, monitors: await monitorsOf() },
      );
      // Secrets are named when a new value was given, never compared or shown.
      if (Object.values(input.secrets).some((value) => value !== undefined && value !== '')) fields.push('secrets');
      await recordAudit(tx, ctx, { action: 'changed', kind: 'channel', id: channel.id, label: input.name, fields });
    });
  } catch (error) {
    throw nameTaken(error, input.name) ?? error;
  }
}

/** A new signing secret for a webhook channel; the old one stops signing at once. */
export async function rotateSigningSecret({ ctx, input }: { ctx: TeamContext; input: { channelId: string } }): Promise<string> {
  requireRole(ctx, PERMISSIONS.manageChannels);
  return db.transaction(async (tx) => {
    const channel = await ownChannel(tx, ctx, input.channelId);
    if (channel.kind !== 'webhook') throw new AppError('INVALID_INPUT', 'Only webhook channels have a signing secret.');
    const signingSecret = newSigningSecret();
    const secrets = { ...openSecrets(channel.secretsEncrypted, channel.id), signingSecret };
    await tx.update(notificationChannels).set({ secretsEncrypted: sealSecrets(secrets, channel.id) }).where(eq(notificationChannels.id, channel.id));
    await recordAudit(tx, ctx, { action: 'secret_rotated', kind: 'channel', id: channel.id, label: channel.name, fields: ['signingSecret'] });
    return signingSecret;
  });
}

export async function deleteChannel({ ctx, input }: { ctx: TeamContext; input: { channelId: string } }) {
  requireRole(ctx, PERMISSIONS.manageChannels);
  await db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(notificationChannels)
      .where(and(eq(notificationChannels.id, input.channelId), eq(notificationChannels.teamId, ctx.teamId)))
      .returning({ id: notificationChannels.id, name: notificationChannels.name });
    if (!deleted) throw notFound();
    await recordAudit(tx, ctx, { action: 'deleted', kind: 'channel', id: deleted.id, label: deleted.name });
  });
}

/** Which of the user's channels notify about one monitor (its edit page). */
export async function setMonitorChannels({ ctx, input }: { ctx: TeamContext; input: { monitorId: string; channelIds: string[]; escalationPolicyId?: string | null } }) {
  requireRole(ctx, PERMISSIONS.manageMonitors);
  await db.transaction(async (tx) => {
    const [monitor] = await tx
      .select({ id: monitors.id, name: monitors.name })
      .from(monitors)
      .innerJoin(agents, eq(agents.id, monitors.agentId))
      .where(and(eq(monitors.id, input.monitorId), eq(agents.teamId, ctx.teamId)));
    if (!monitor) throw new AppError('NOT_FOUND', 'That monitor does not exist.');
    await recordAudit(tx, ctx, { action: 'changed', kind: 'monitor', id: monitor.id, label: monitor.name, fields: input.escalationPolicyId === undefined ? ['channels'] : ['channels', 'escalationPolicy'] });
    if (input.escalationPolicyId !== undefined) await setMonitorPolicy(tx, ctx, monitor.id, input.escalationPolicyId);
    const channels = await tx
      .select({ id: notificationChannels.id, allMonitors: notificationChannels.allMonitors })
      .from(notificationChannels)
      .where(eq(notificationChannels.teamId, ctx.teamId))
      .for('update');
    const wanted = new Set(input.channelIds);
    for (const channel of channels) {
      const on = wanted.has(channel.id);
      if (channel.allMonitors && on) continue;
      if (channel.allMonitors && !on) {
        // From "all monitors" to "all but this one": list the others explicitly.
        await tx.update(notificationChannels).set({ allMonitors: false }).where(eq(notificationChannels.id, channel.id));
        await tx.execute(sql`
          INSERT INTO ${notificationChannelMonitors} (channel_id, monitor_id)
          SELECT ${channel.id}::uuid, m.id FROM ${monitors} m JOIN ${agents} a ON a.id = m.agent_id
          WHERE a.team_id = ${ctx.teamId} AND m.id <> ${monitor.id}
          ON CONFLICT DO NOTHING`);
        continue;
      }
      if (on) await tx.insert(notificationChannelMonitors).values({ channelId: channel.id, monitorId: monitor.id }).onConflictDoNothing();
      else await tx.delete(notificationChannelMonitors).where(and(eq(notificationChannelMonitors.channelId, channel.id), eq(notificationChannelMonitors.monitorId, monitor.id)));
    }
  });
}

/** Send a test message through the outbox, like any notification. */
export async function sendTestNotification({ ctx, input }: { ctx: TeamContext; input: { channelId: string } }) {
  requireRole(ctx, PERMISSIONS.manageChannels);
  await db.transaction(async (tx) => {
    const channel = await ownChannel(tx, ctx, input.channelId);
    await enqueueTest(tx, { userId: ctx.userId, teamId: ctx.teamId, channelId: input.channelId });
    await recordAudit(tx, ctx, { action: 'test_sent', kind: 'channel', id: channel.id, label: channel.name });
  });
  wakeDeliveryWorker();
}

/** Send a delivery again (delivered or failed): a new attempt of the same event, same id. */
export async function resendDelivery({ ctx, input }: { ctx: TeamContext; input: { deliveryId: string } }) {
  requireRole(ctx, PERMISSIONS.manageChannels);
  await db.transaction(async (tx) => {
    const [updated] = await tx
      .update(notificationDeliveries)
      .set({ state: 'queued', dueAt: sql`now()`, leaseUntil: null, lastError: null, createdAt: sql`now()` })
      .where(
        and(
          eq(notificationDeliveries.id, input.deliveryId),
          inArray(notificationDeliveries.state, ['delivered', 'failed', 'folded']),
          inArray(
            notificationDeliveries.channelId,
            tx.select({ id: notificationChannels.id }).from(notificationChannels).where(eq(notificationChannels.teamId, ctx.teamId)),
          ),
        ),
      )
      .returning({ id: notificationDeliveries.id, channelId: notificationDeliveries.channelId });
    if (!updated) throw new AppError('NOT_FOUND', 'That delivery does not exist, or is still being sent.');
    await recordAudit(tx, ctx, { action: 'resent', kind: 'channel', id: updated.channelId, label: `delivery ${updated.id}` });
  });
  wakeDeliveryWorker();
}
