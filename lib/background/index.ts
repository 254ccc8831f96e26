import 'server-only';
import { sweepOfflineAgents } from '@/lib/agents/authenticate';
import { runIn, sqlClient } from '@/db';
import { getEnv } from '@/lib/env';
import { enqueueReminders } from '@/lib/notifications/enqueue';
import { onDeliveryWake } from '@/lib/notifications/wake';
import { deliverDue } from '@/lib/notifications/worker';
import { deleteExpiredHeartbeats, deleteExpiredNotifications, deleteExpiredRollups } from '@/lib/retention/delete-expired';
import { refreshRollups } from '@/lib/rollups/refresh';
import { BuiltinAgentRunner } from './builtin-agent';
import { leadership } from './leader';

// Also how soon the built-in agent picks up monitor changes.
const TRY_LEADERSHIP_MS = 15_000;
const RETENTION_EVERY_MS = 60 * 60_000;
// New heartbeats reach the rollups within this (plus the refresh's own time): well inside
// the 60 s DESIGN.md allows. Each refresh also recomputes the days it touched from their
// hours, so refreshing much more often would cost a busy database more for nothing.
const ROLLUPS_EVERY_MS = 15_000;
// Every instance sends notifications; a due one goes out within this.
const DELIVER_EVERY_MS = 2_000;
const REMINDERS_EVERY_MS = 60_000;

let started = false;

/** Start the background loop of this instance (from instrumentation, once per process). */
export function startBackgroundWork(): void {
  if (started) return;
  started = true;
  const lock = leadership(getEnv().DATABASE_URL);
  let lastRetention = 0;
  let lastReminders = 0;
  let builtin: BuiltinAgentRunner | null = null;
  const tick = async () => {
    if (!(await lock.tryAcquire())) {
      // Leadership lost (or never had): the built-in agents run elsewhere.
      await builtin?.stop();
      builtin = null;
      return;
    }
    await sweepOfflineAgents(getEnv().WATCHPOST_AGENT_POLL_SECONDS).catch((error: unknown) =>
      console.error('[watchpost] Agent offline sweep failed; it runs again shortly.', (error as Error).message),
    );
    if (Date.now() - lastReminders >= REMINDERS_EVERY_MS) {
      lastReminders = Date.now();
      await enqueueReminders(runIn(sqlClient())).catch((error: unknown) => console.error('[watchpost] Reminders failed; tried again in a minute.', (error as Error).message));
    }
    builtin ??= new BuiltinAgentRunner();
    await builtin.refresh().catch((error: unknown) => console.error('[watchpost] Built-in agent: cannot load monitors.', (error as Error).message));
    if (Date.now() - lastRetention >= RETENTION_EVERY_MS) {
      lastRetention = Date.now();
      try {
        const deleted = await deleteExpiredHeartbeats();
        if (deleted > 0) console.log(`[watchpost] Retention: deleted ${deleted} expired heartbeats.`);
        const rollups = await deleteExpiredRollups();
        if (rollups > 0) console.log(`[watchpost] Retention: deleted ${rollups} rollup rows past their retention.`);
        const notifications = await deleteExpiredNotifications();
        if (notifications > 0) console.log(`[watchpost] Retention: deleted ${notifications} notification events older than their retention.`);
      } catch (error) {
        console.error('[watchpost] Retention failed; it runs again within the hour.', error);
      }
    }
  };
  let refreshing = false;
  const refresh = async () => {
    if (refreshing || !lock.isLeader()) return;
    refreshing = true;
    try {
      // A bulk load leaves many marks: keep going while there are more.
      while ((await refreshRollups()).more && lock.isLeader());
    } catch (error) {
      console.error('[watchpost] Rollup refresh failed; it is tried again shortly.', (error as Error).message);
    } finally {
      refreshing = false;
    }
  };
  let delivering = false;
  const deliver = async () => {
    if (delivering) return;
    delivering = true;
    try {
      // A backlog drains batch after batch; ingest keeps its own pool connections meanwhile.
      while ((await deliverDue()) > 0);
    } catch (error) {
      console.error('[watchpost] Notification delivery failed; tried again shortly.', (error as Error).message);
    } finally {
      delivering = false;
    }
  };
  onDeliveryWake(() => void deliver());
  void tick();
  setInterval(() => void tick(), TRY_LEADERSHIP_MS).unref();
  setInterval(() => void deliver(), DELIVER_EVERY_MS).unref();
  setInterval(() => void refresh(), ROLLUPS_EVERY_MS).unref();
}
