import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { db, runInDrizzle, type Transaction } from '@/db';
import type { ReportScope } from '@/db/queries/reports';
import { reportScheduleMonitors, reportSchedules } from '@/db/schema';
import type { ReportCadence } from '@/db/schema/slos';
import { uuidArray } from '@/db/sql/ids';
import { recordAudit } from '@/lib/audit/record';
import { pgError, UNIQUE_VIOLATION } from '@/lib/db-errors';
import { AppError } from '@/lib/errors';
import { PERMISSIONS, requireRole, type TeamContext } from '@/lib/teams/roles';
import { dayIn, wallTimeToDate } from '@/lib/timezone';
import { lastMonth, lastWeek } from './period';
import type { ScheduleInput } from './schemas';

// Scheduled reports: weekly (Mondays) or monthly (the 1st), at an hour of the team's zone,
// for the period just ended, mailed with the PDF attached. The leader's round turns each due
// schedule into one outbox event with a delivery per recipient, and moves the schedule to its
// next time, in one transaction: a restart neither loses a report nor sends it twice, and
// the deliveries are sent, retried and logged like every notification.

const DAY_MS = 86_400_000;

/** The first time after `after` a schedule goes out: the next Monday (weekly) or 1st (monthly) at `hour` in `timeZone`. */
export function nextRunAfter(cadence: ReportCadence, hour: number, timeZone: string, after: Date): Date {
  const today = dayIn(after, timeZone);
  const at = (day: string) => wallTimeToDate(`${day}T${String(hour).padStart(2, '0')}:00`, timeZone)!;
  const utc = Date.parse(`${today}T00:00:00Z`);
  for (let i = 0; i < 64; i++) {
    const day = new Date(utc + i * DAY_MS);
    const fits = cadence === 'monthly' ? day.getUTCDate() === 1 : day.getUTCDay() === 1;
    if (!fits) continue;
    const when = at(day.toISOString().slice(0, 10));
    if (when > after) return when;
  }
  throw new Error('no next run within 64 days');
}

/** The days a report sent at `runAt` covers: last week (Monday to Sunday) or last month. */
export const periodFor = (cadence: ReportCadence, runAt: Date, timeZone: string) => (cadence === 'monthly' ? lastMonth(runAt, timeZone) : lastWeek(runAt, timeZone));

const notFound = () => new AppError('NOT_FOUND', 'That report schedule does not exist.');

async function assertOwnScope(tx: Transaction, ctx: TeamContext, input: ScheduleInput): Promise<void> {
  const run = runInDrizzle(tx);
  if (input.scope === 'page') {
    const rows = await run(sql`SELECT 1 FROM status_pages WHERE id = ${input.pageId} AND team_id = ${ctx.teamId}`);
    if (rows.length === 0) throw new AppError('NOT_FOUND', 'Choose one of your status pages.', { details: [{ field: 'pageId', message: 'Choose one of your status pages.' }] });
  }
  if (input.scope === 'monitors') {
    const ids = [...new Set(input.monitorIds)];
    const rows = await run<{ n: number }>(sql`SELECT count(*)::int AS n FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.team_id = ${ctx.teamId} AND m.id = ANY (${uuidArray(ids)})`);
    if (rows[0]!.n !== ids.length) throw new AppError('NOT_FOUND', 'Choose among your team’s monitors.', { details: [{ field: 'monitorIds', message: 'Choose among your team’s monitors.' }] });
  }
}

export async function createSchedule({ ctx, input, now = new Date() }: { ctx: TeamContext; input: ScheduleInput; now?: Date }): Promise<{ id: string; nextRunAt: Date }> {
  requireRole(ctx, PERMISSIONS.manageSlos);
  try {
    return await db.transaction(async (tx) => {
      await assertOwnScope(tx, ctx, input);
      const [team] = await runInDrizzle(tx)<{ time_zone: string }>(sql`SELECT time_zone FROM teams WHERE id = ${ctx.teamId}`);
      const nextRunAt = nextRunAfter(input.cadence, input.hour, team!.time_zone, now);
      const [row] = await tx
        .insert(reportSchedules)
        .values({
          teamId: ctx.teamId,
          userId: ctx.userId,
          name: input.name,
          cadence: input.cadence,
          hour: input.hour,
          statusPageId: input.scope === 'page' ? input.pageId : null,
          chosenMonitors: input.scope === 'monitors',
          addresses: [...new Set(input.addresses.map((a) => a.toLowerCase()))],
          toMembers: input.toMembers,
          nextRunAt,
        })
        .returning({ id: reportSchedules.id });
      if (input.scope === 'monitors') await tx.insert(reportScheduleMonitors).values([...new Set(input.monitorIds)].map((monitorId) => ({ scheduleId: row!.id, monitorId })));
      await recordAudit(tx, ctx, { action: 'created', kind: 'report_schedule', id: row!.id, label: input.name });
      return { id: row!.id, nextRunAt };
    });
  } catch (error) {
    if (pgError(error)?.code !== UNIQUE_VIOLATION) throw error;
    const message = `You already have a schedule named “${input.name}”.`;
    throw new AppError('CONFLICT', message, { details: [{ field: 'name', message }] });
  }
}

export async function deleteSchedule({ ctx, input }: { ctx: TeamContext; input: { scheduleId: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageSlos);
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(reportSchedules)
      .where(and(eq(reportSchedules.id, input.scheduleId), eq(reportSchedules.teamId, ctx.teamId)))
      .returning({ id: reportSchedules.id, name: reportSchedules.name });
    if (!row) throw notFound();
    // Its reports not yet sent are not sent: the log says why.
    await runInDrizzle(tx)(sql`
      UPDATE notification_deliveries d SET state = 'cancelled', lease_until = NULL, last_error = 'not sent: the schedule was deleted'
      FROM notification_events e
      WHERE e.id = d.event_id AND e.team_id = ${ctx.teamId} AND e.kind = 'report.scheduled' AND e.payload->>'scheduleId' = ${row.id} AND d.state = 'queued'`);
    await recordAudit(tx, ctx, { action: 'deleted', kind: 'report_schedule', id: row.id, label: row.name });
  });
}

/** Send a schedule's report now (for the period just ended), besides its next time. */
export async function sendScheduleNow({ ctx, input, now = new Date() }: { ctx: TeamContext; input: { scheduleId: string }; now?: Date }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageSlos);
  await db.transaction(async (tx) => {
    const queued = await queueReports(runInDrizzle(tx), sql`s.id = ${input.scheduleId} AND s.team_id = ${ctx.teamId}`, now, { move: false });
    if (queued === 0) throw notFound();
    await recordAudit(tx, ctx, { action: 'sent', kind: 'report_schedule', id: input.scheduleId });
  });
}

/** What a scheduled report's event carries: enough to build the report when it is sent. */
export interface ScheduledReportPayload {
  scheduleId: string;
  name: string;
  cadence: ReportCadence;
  fromDay: string;
  toDay: string;
  scope: ReportScope;
}

/**
 * For each schedule matching `where` (and due, unless `move` is false): one report.scheduled
 * event with a delivery per address and per member, and (when `move`) its next run. The
 * schedules are locked (SKIP LOCKED): two leaders never queue one twice.
 */
async function queueReports(run: ReturnType<typeof runInDrizzle>, where: ReturnType<typeof sql>, now: Date, { move }: { move: boolean }): Promise<number> {
  const due = await run<{ id: string; team_id: string; user_id: string | null; name: string; cadence: ReportCadence; hour: number; time_zone: string; status_page_id: string | null; chosen_monitors: boolean; monitor_ids: string[]; addresses: string[]; to_members: boolean }>(sql`
    SELECT s.id, s.team_id, s.user_id, s.name, s.cadence, s.hour, t.time_zone, s.status_page_id, s.chosen_monitors, to_jsonb(s.addresses) AS addresses, s.to_members,
           coalesce((SELECT jsonb_agg(sm.monitor_id) FROM report_schedule_monitors sm WHERE sm.schedule_id = s.id), '[]'::jsonb) AS monitor_ids
    FROM report_schedules s JOIN teams t ON t.id = s.team_id
    WHERE ${where} ${move ? sql`AND s.next_run_at <= ${now.toISOString()}::timestamptz` : sql``}
    ORDER BY s.next_run_at
    LIMIT 100
    FOR UPDATE OF s SKIP LOCKED`);
  for (const schedule of due) {
    const days = periodFor(schedule.cadence, now, schedule.time_zone);
    const scope: ReportScope = schedule.status_page_id ? { kind: 'page', pageId: schedule.status_page_id } : schedule.chosen_monitors ? { kind: 'monitors', monitorIds: schedule.monitor_ids } : { kind: 'team' };
    const payload: ScheduledReportPayload = { scheduleId: schedule.id, name: schedule.name, cadence: schedule.cadence, ...days, scope };
    const addresses = sql`ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(schedule.addresses)}::jsonb))`;
    await run(sql`
      WITH ev AS (
        INSERT INTO notification_events (user_id, team_id, kind, payload)
        SELECT coalesce(${schedule.user_id}::uuid, (SELECT o.user_id FROM team_members o WHERE o.team_id = ${schedule.team_id} AND o.role = 'owner')), ${schedule.team_id}, 'report.scheduled', ${JSON.stringify(payload)}::jsonb
        RETURNING id
      ),
      addressed AS (INSERT INTO notification_deliveries (event_id, address) SELECT ev.id, a FROM ev, unnest(${addresses}) AS a RETURNING 1)
      INSERT INTO notification_deliveries (event_id, member_id)
      SELECT ev.id, tm.user_id FROM ev JOIN team_members tm ON tm.team_id = ${schedule.team_id} JOIN users u ON u.id = tm.user_id
      WHERE ${schedule.to_members} AND NOT lower(u.email) = ANY (${addresses})`);
    if (move) {
      await run(sql`UPDATE report_schedules SET last_run_at = ${now.toISOString()}::timestamptz, next_run_at = ${nextRunAfter(schedule.cadence, schedule.hour, schedule.time_zone, now).toISOString()}::timestamptz WHERE id = ${schedule.id}`);
    }
  }
  return due.length;
}

/** The leader's round: queue every due schedule's report. */
export async function queueDueReports(now = new Date()): Promise<number> {
  return db.transaction((tx) => queueReports(runInDrizzle(tx), sql`true`, now, { move: true }));
}
