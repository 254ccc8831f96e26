import 'server-only';
import { getEnv } from '@/lib/env';
import { deleteExpiredHeartbeats, deleteExpiredRollups } from '@/lib/retention/delete-expired';
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

let started = false;

/** Start the background loop of this instance (from instrumentation, once per process). */
export function startBackgroundWork(): void {
  if (started) return;
  started = true;
  const lock = leadership(getEnv().DATABASE_URL);
  let lastRetention = 0;
  let builtin: BuiltinAgentRunner | null = null;
  const tick = async () => {
    if (!(await lock.tryAcquire())) {
      // Leadership lost (or never had): the built-in agents run elsewhere.
      await builtin?.stop();
      builtin = null;
      return;
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
  void tick();
  setInterval(() => void tick(), TRY_LEADERSHIP_MS).unref();
  setInterval(() => void refresh(), ROLLUPS_EVERY_MS).unref();
}
