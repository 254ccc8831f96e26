import 'server-only';
import { and, desc, eq, gte, inArray, isNotNull, sql } from 'drizzle-orm';
import { readDb } from '@/db';
import {
  agents,
  monitors,
  notificationAttempts,
  notificationChannelComponents,
  notificationChannelMonitors,
  notificationChannels,
  notificationDeliveries,
  notificationEvents,
  statusPageComponents,
  statusPages,
} from '@/db/schema';

// Owner-scoped reads of notification channels and their delivery log. Secrets are never
// selected: they do not leave the server after saving. Correlated subqueries name the
// outer table by hand: Drizzle writes a column in sql`` without its table.

const channelColumns = {
  id: notificationChannels.id,
  name: notificationChannels.name,
  kind: notificationChannels.kind,
  settings: notificationChannels.settings,
  allMonitors: notificationChannels.allMonitors,
  reminderMinutes: notificationChannels.reminderMinutes,
  events: notificationChannels.events,
  failingSince: notificationChannels.failingSince,
  failingReason: notificationChannels.failingReason,
  createdAt: notificationChannels.createdAt,
};

export async function listChannels(teamId: string) {
  const rows = await readDb
    .select({
      ...channelColumns,
      chosenMonitors: sql<number>`(SELECT count(*) FROM notification_channel_monitors cm WHERE cm.channel_id = notification_channels.id)`.mapWith(Number),
      chosenComponents: sql<number>`(SELECT count(*) FROM notification_channel_components cc WHERE cc.channel_id = notification_channels.id)`.mapWith(Number),
      lastDeliveredAt: sql<Date | null>`(SELECT max(d.delivered_at) FROM notification_deliveries d WHERE d.channel_id = notification_channels.id)`.mapWith(
        (value: string | null) => (value ? new Date(value) : null),
      ),
    })
    .from(notificationChannels)
    .where(eq(notificationChannels.teamId, teamId))
    .orderBy(notificationChannels.createdAt);
  return rows.map((row) => ({ ...row, settings: row.settings }));
}

export type ChannelRow = Awaited<ReturnType<typeof listChannels>>[number];

export async function getChannel(teamId: string, channelId: string) {
  const [row] = await readDb
    .select(channelColumns)
    .from(notificationChannels)
    .where(and(eq(notificationChannels.id, channelId), eq(notificationChannels.teamId, teamId)));
  if (!row) return null;
  const chosen = await readDb
    .select({ monitorId: notificationChannelMonitors.monitorId })
    .from(notificationChannelMonitors)
    .where(eq(notificationChannelMonitors.channelId, channelId));
  const components = await readDb
    .select({ componentId: notificationChannelComponents.componentId })
    .from(notificationChannelComponents)
    .where(eq(notificationChannelComponents.channelId, channelId));
  return { ...row, settings: row.settings, monitorIds: chosen.map((c) => c.monitorId), componentIds: components.map((c) => c.componentId) };
}

/** the team's channels that are failing, for the app shell. */
export async function failingChannels(teamId: string) {
  return readDb
    .select({ id: notificationChannels.id, name: notificationChannels.name, failingReason: notificationChannels.failingReason })
    .from(notificationChannels)
    .where(and(eq(notificationChannels.teamId, teamId), isNotNull(notificationChannels.failingSince)));
}

/** the team's channels and whether each notifies about this monitor (its edit page). */
export async function monitorChannels(teamId: string, monitorId: string) {
  return readDb
    .select({
      id: notificationChannels.id,
      name: notificationChannels.name,
      kind: notificationChannels.kind,
      on: sql<boolean>`(notification_channels.all_monitors OR EXISTS (SELECT 1 FROM notification_channel_monitors cm WHERE cm.channel_id = notification_channels.id AND cm.monitor_id = ${monitorId}))`,
      /** it chose no event: only escalation policies (and tests) use it */
      escalationOnly: sql<boolean>`cardinality(notification_channels.events) = 0`,
    })
    .from(notificationChannels)
    .where(eq(notificationChannels.teamId, teamId))
    .orderBy(notificationChannels.createdAt);
}

/** A channel's deliveries of the last `days` days, newest first, each with its attempts. */
export async function channelDeliveries(teamId: string, channelId: string, days = 30, limit = 200) {
  const rows = await readDb
    .select({
      id: notificationDeliveries.id,
      state: notificationDeliveries.state,
      attempts: notificationDeliveries.attempts,
      dueAt: notificationDeliveries.dueAt,
      deliveredAt: notificationDeliveries.deliveredAt,
      lastError: notificationDeliveries.lastError,
      createdAt: notificationDeliveries.createdAt,
      eventId: notificationEvents.id,
      kind: notificationEvents.kind,
      incidentId: notificationEvents.incidentId,
      monitorId: notificationEvents.monitorId,
      monitorName: sql<string | null>`${notificationEvents.payload}->'monitor'->>'name'`,
      agentName: sql<string | null>`${notificationEvents.payload}->'agent'->>'name'`,
    })
    .from(notificationDeliveries)
    .innerJoin(notificationEvents, eq(notificationEvents.id, notificationDeliveries.eventId))
    .innerJoin(notificationChannels, eq(notificationChannels.id, notificationDeliveries.channelId))
    .where(
      and(
        eq(notificationDeliveries.channelId, channelId),
        eq(notificationChannels.teamId, teamId),
        gte(notificationDeliveries.createdAt, sql`now() - make_interval(days => ${days})`),
      ),
    )
    .orderBy(desc(notificationDeliveries.createdAt))
    .limit(limit);
  const attempts = rows.length
    ? await readDb
        .select({
          deliveryId: notificationAttempts.deliveryId,
          startedAt: notificationAttempts.startedAt,
          durationMs: notificationAttempts.durationMs,
          ok: notificationAttempts.ok,
          statusCode: notificationAttempts.statusCode,
          reply: notificationAttempts.reply,
          error: notificationAttempts.error,
        })
        .from(notificationAttempts)
        .where(inArray(notificationAttempts.deliveryId, rows.map((row) => row.id)))
        .orderBy(notificationAttempts.id)
    : [];
  return rows.map((row) => ({ ...row, attemptLog: attempts.filter((a) => a.deliveryId === row.id) }));
}

/** the team's monitors, for choosing which ones a channel covers. */
/** The team's status page components, as "Page title · Component" (a channel may cover the monitors behind them). */
export async function componentChoices(teamId: string) {
  return readDb
    .select({ id: statusPageComponents.id, name: sql<string>`${statusPages.title} || ' · ' || ${statusPageComponents.name}` })
    .from(statusPageComponents)
    .innerJoin(statusPages, eq(statusPages.id, statusPageComponents.pageId))
    .where(eq(statusPages.teamId, teamId))
    .orderBy(statusPages.title, statusPageComponents.position);
}

export async function monitorChoices(teamId: string) {
  return readDb
    .select({ id: monitors.id, name: monitors.name })
    .from(monitors)
    .innerJoin(agents, eq(agents.id, monitors.agentId))
    .where(eq(agents.teamId, teamId))
    .orderBy(monitors.name);
}
