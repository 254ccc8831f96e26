import 'server-only';
import { sql } from 'drizzle-orm';
import { db, runInDrizzle } from '@/db';
import { everySlo } from '@/db/queries/slos';
import { enqueueSloEvent, type SloSnapshot } from '@/lib/notifications/enqueue';
import { nextAlertState } from './compute';
import { type SloStatus, sloStatuses } from './reads';

// The leader's SLO alert round: every SLO's burn rates and budget, and the alerts that begin
// (slo.burning once per episode, slo.exhausted once per running out). The new state is
// written only if nobody wrote another since it was read, in the transaction that queues the
// events: a second leader, or a round that overlaps, tells nothing twice.

export function sloSnapshot(status: SloStatus): SloSnapshot {
  const { slo } = status;
  return {
    id: slo.id,
    name: slo.name,
    subject: slo.subject,
    target: slo.target,
    window: slo.window,
    attainment: status.attainment,
    budgetLeftShare: status.budget.leftShare,
    burn: status.burn,
    alert: status.alert.fast ? 'fast' : status.alert.slow ? 'slow' : null,
  };
}

/** One round; the number of events told. */
export async function runSloAlerts(now = new Date()): Promise<number> {
  const slos = await everySlo();
  if (slos.length === 0) return 0;
  let told = 0;
  for (const status of await sloStatuses(slos, now)) {
    const { slo } = status;
    const { state, tell } = nextAlertState(slo, now, { burning: status.alert.fast || status.alert.slow, exhausted: status.budget.exhausted });
    if (state.burningSince === slo.burningSince && state.exhaustedAt === slo.exhaustedAt) continue;
    told += await db.transaction(async (tx) => {
      const run = runInDrizzle(tx);
      const iso = (date: Date | null) => date?.toISOString() ?? null;
      const moved = await run(sql`
        UPDATE slos SET burning_since = ${iso(state.burningSince)}::timestamptz, exhausted_at = ${iso(state.exhaustedAt)}::timestamptz
        WHERE id = ${slo.id} AND burning_since IS NOT DISTINCT FROM ${iso(slo.burningSince)}::timestamptz AND exhausted_at IS NOT DISTINCT FROM ${iso(slo.exhaustedAt)}::timestamptz
        RETURNING id`);
      if (moved.length === 0) return 0;
      for (const kind of tell) await enqueueSloEvent(run, kind, { teamId: slo.teamId, monitorIds: slo.monitors.map((m) => m.id), slo: sloSnapshot(status) });
      return tell.length;
    });
  }
  return told;
}
