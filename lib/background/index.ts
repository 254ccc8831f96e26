import 'server-only';
import { getEnv } from '@/lib/env';
import { deleteExpiredHeartbeats } from '@/lib/retention/delete-expired';
import { BuiltinAgentRunner } from './builtin-agent';
import { leadership } from './leader';

// Also how soon the built-in agent picks up monitor changes.
const TRY_LEADERSHIP_MS = 15_000;
const RETENTION_EVERY_MS = 60 * 60_000;

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
      } catch (error) {
        console.error('[watchpost] Retention failed; it runs again within the hour.', error);
      }
    }
  };
  void tick();
  setInterval(() => void tick(), TRY_LEADERSHIP_MS).unref();
}
