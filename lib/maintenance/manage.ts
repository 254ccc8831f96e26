import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { db, runInDrizzle, type SqlRunner, type Transaction } from '@/db';
import { maintenanceOccurrences, maintenanceWindowMonitors, maintenanceWindowPages, maintenanceWindows, statusPages } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { PERMISSIONS, requireRole, type TeamContext } from '@/lib/teams/roles';
import { wakeDeliveryWorker } from '@/lib/notifications/wake';
import { retentionDays } from '@/lib/retention/delete-expired';
import { assertOwnMonitors } from '@/lib/status-pages/manage';
import { enqueueMaintenanceNotices } from '@/lib/status-pages/subscriptions';
import { enqueueMaintenanceEvents } from '@/lib/notifications/enqueue';
import { MAX_DURATION_MINUTES, occurrences, type Schedule } from './recurrence';
import type { MaintenanceInput } from './schemas';
import { changedFields } from '@/lib/audit/changes';
import { recordAudit } from '@/lib/audit/record';

// A team's maintenance windows, planned by its editors. Every statement is scoped by ctx.teamId:
// another user's window, monitor or page id is NOT_FOUND. A window's schedule is expanded
// into maintenance_occurrences (one-off: one row; recurring: up to HORIZON_DAYS ahead, topped
// up by the background round), which is what SQL reads. When occurrences or the monitors
// they cover change, the hours they touch are marked for the rollups to recount, so the
// uptime everywhere leaves those checks out (or counts them again); the pages that show
// the window or its monitors are touched so their caches let go.

/** How far ahead recurring windows are expanded. */
export const HORIZON_DAYS = 90;
/** How far back a recurring window's past is expanded when it is created. */
const PAST_DAYS = 400;
const DAY_MS = 86_400_000;

const windowNotFound = () => new AppError('NOT_FOUND', 'That maintenance window does not exist.');

async function lockOwnWindow(tx: Transaction, ctx: TeamContext, windowId: string) {
  const [row] = await tx
    .select()
    .from(maintenanceWindows)
    .where(and(eq(maintenanceWindows.id, windowId), eq(maintenanceWindows.teamId, ctx.teamId)))
    .for('update');
  if (!row) throw windowNotFound();
  return row;
}

async function assertOwnPages(tx: Transaction, ctx: TeamContext, pageIds: string[]): Promise<void> {
  if (pageIds.length === 0) return;
  const owned = await tx
    .select({ id: statusPages.id })
    .from(statusPages)
    .where(and(inArray(statusPages.id, pageIds), eq(statusPages.teamId, ctx.teamId)));
  if (owned.length !== pageIds.length) {
    throw new AppError('NOT_FOUND', 'Choose among your own status pages.', { details: [{ field: 'pageIds', message: 'Choose among your own status pages.' }] });
  }
}

const scheduleOf = (row: { timeZone: string; startsAtLocal: string; durationMinutes: number; rrule: string | null }): Schedule => ({
  timeZone: row.timeZone,
  start: row.startsAtLocal,
  durationMinutes: row.durationMinutes,
  rrule: row.rrule ?? undefined,
});

/**
 * Insert the occurrences of a schedule that start in [from, to). What is already past counts
 * as handled: no "starts soon" or "started" notice for one under way (its announcement says
 * so), nothing at all for one that ended.
 */
async function insertOccurrences(tx: Transaction, windowId: string, schedule: Schedule, from: Date, to: Date): Promise<void> {
  const rows = occurrences(schedule, from, to).filter((o) => o.start >= from && o.start < to);
  if (rows.length === 0) return;
  await runInDrizzle(tx)(sql`
    INSERT INTO maintenance_occurrences (window_id, starts_at, ends_at, soon_handled_at, start_handled_at, end_handled_at)
    SELECT ${windowId}, t.s, t.e,
      CASE WHEN t.s <= now() + interval '1 hour' THEN now() END, CASE WHEN t.s <= now() THEN now() END, CASE WHEN t.e <= now() THEN now() END
    FROM jsonb_to_recordset(${JSON.stringify(rows.map((o) => ({ s: o.start.toISOString(), e: o.end.toISOString() })))}::jsonb) AS t(s timestamptz, e timestamptz)`);
}

/**
 * Mark for the rollups to recount the past hours of a window's occurrences for `monitorIds`:
 * only hours whose raw checks the owner's plan still keeps (older hours keep their counts).
 */
async function markHours(run: SqlRunner, windowId: string, monitorIds: string[]): Promise<void> {
  if (monitorIds.length === 0) return;
  await run(sql`
    INSERT INTO rollup_pending (monitor_ids, hours, earliest, pairs)
    SELECT array_agg(id), array_agg(hour), array_agg('-infinity'::timestamptz), count(*)
    FROM (SELECT DISTINCT m.id, h.hour
    FROM maintenance_occurrences o
    JOIN maintenance_windows w ON w.id = o.window_id
    JOIN team_members tm ON tm.team_id = w.team_id AND tm.role = 'owner'
    JOIN users u ON u.id = tm.user_id
    CROSS JOIN LATERAL generate_series(
      date_trunc('hour', greatest(o.starts_at, now() - make_interval(days => ${retentionDays}) + interval '1 hour')),
      date_trunc('hour', least(o.ends_at, now())), interval '1 hour') AS h(hour)
    CROSS JOIN (SELECT value::uuid AS id FROM jsonb_array_elements_text(${JSON.stringify(monitorIds)}::jsonb)) m
    WHERE o.window_id = ${windowId} AND o.starts_at < now()) pairs
    HAVING count(*) > 0`);
}

/**
 * Touch (so their caches let go) the pages that show one of the windows, or have a component
 * backed by one of their monitors, as the windows stand now.
 */
export async function touchPagesOf(run: SqlRunner, windowIds: string[]): Promise<void> {
  if (windowIds.length === 0) return;
  const ids = sql`(SELECT value::uuid FROM jsonb_array_elements_text(${JSON.stringify(windowIds)}::jsonb))`;
  await run(sql`
    UPDATE status_pages SET updated_at = now()
    WHERE id IN (SELECT page_id FROM maintenance_window_pages WHERE window_id IN ${ids})
       OR id IN (SELECT c.page_id FROM status_page_components c JOIN status_page_component_monitors cm ON cm.component_id = c.id
                 JOIN maintenance_window_monitors wm ON wm.monitor_id = cm.monitor_id WHERE wm.window_id IN ${ids})`);
}

/** A window's own columns, from the form. */
const windowColumns = (input: MaintenanceInput) => ({
  title: input.title,
  description: input.description,
  timeZone: input.schedule.timeZone,
  startsAtLocal: input.schedule.start,
  durationMinutes: input.schedule.durationMinutes,
  rrule: input.schedule.rrule ?? null,
  notifySubscribers: input.notifySubscribers,
});

async function setChoices(tx: Transaction, windowId: string, input: MaintenanceInput): Promise<void> {
  await tx.delete(maintenanceWindowMonitors).where(eq(maintenanceWindowMonitors.windowId, windowId));
  await tx.insert(maintenanceWindowMonitors).values(input.monitorIds.map((monitorId) => ({ windowId, monitorId })));
  await tx.delete(maintenanceWindowPages).where(eq(maintenanceWindowPages.windowId, windowId));
  if (input.pageIds.length) await tx.insert(maintenanceWindowPages).values(input.pageIds.map((pageId) => ({ windowId, pageId })));
}

/** The occurrence to announce: the one under way or the next (`upcoming`: only one that has not started). */
async function nextOccurrence(tx: Transaction, windowId: string, { upcoming = false } = {}): Promise<string[]> {
  const rows = await runInDrizzle(tx)<{ id: string }>(sql`
    SELECT id FROM maintenance_occurrences WHERE window_id = ${windowId} AND ${upcoming ? sql`starts_at > now()` : sql`ends_at > now()`} ORDER BY starts_at LIMIT 1`);
  return rows.map((row) => row.id);
}

export async function createMaintenance({ ctx, input }: { ctx: TeamContext; input: MaintenanceInput }): Promise<{ id: string }> {
  requireRole(ctx, PERMISSIONS.manageMaintenance);
  const created = await db.transaction(async (tx) => {
    await assertOwnMonitors(tx, ctx, input.monitorIds);
    await assertOwnPages(tx, ctx, input.pageIds);
    const { schedule } = input;
    const [row] = await tx
      .insert(maintenanceWindows)
      .values({ userId: ctx.userId, teamId: ctx.teamId, ...windowColumns(input) })
      .returning({ id: maintenanceWindows.id });
    await setChoices(tx, row!.id, input);
    const now = Date.now();
    await insertOccurrences(tx, row!.id, schedule, new Date(now - PAST_DAYS * DAY_MS), new Date(now + HORIZON_DAYS * DAY_MS));
    const run = runInDrizzle(tx);
    await markHours(run, row!.id, input.monitorIds);
    await touchPagesOf(run, [row!.id]);
    await enqueueMaintenanceNotices(run, 'announced', await nextOccurrence(tx, row!.id));
    // Made under way: its start counts as handled (subscribers hear the announcement), and the channels hear it started.
    const running = await run<{ id: string }>(sql`SELECT id FROM maintenance_occurrences WHERE window_id = ${row!.id} AND starts_at <= now() AND ends_at > now()`);
    await enqueueMaintenanceEvents(run, 'maintenance.started', running.map((o) => o.id));
    await recordAudit(tx, ctx, { action: 'created', kind: 'maintenance', id: row!.id, label: input.title });
    return row!;
  });
  wakeDeliveryWorker();
  return created;
}

const sameSchedule = (a: Schedule, b: Schedule) =>
  a.timeZone === b.timeZone && a.start === b.start && a.durationMinutes === b.durationMinutes && (a.rrule ?? '') === (b.rrule ?? '');

/**
 * Edit a window. Its title, description, monitors and pages may always change; a new
 * schedule replaces the occurrences that have not started (those under way or past keep
 * their times: end early or extend the running one instead). A one-off window that has
 * started cannot be moved.
 */
export async function updateMaintenance({ ctx, input }: { ctx: TeamContext; input: MaintenanceInput & { windowId: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageMaintenance);
  await db.transaction(async (tx) => {
    const current = await lockOwnWindow(tx, ctx, input.windowId);
    await assertOwnMonitors(tx, ctx, input.monitorIds);
    await assertOwnPages(tx, ctx, input.pageIds);
    const run = runInDrizzle(tx);
    const before = await tx.select({ monitorId: maintenanceWindowMonitors.monitorId }).from(maintenanceWindowMonitors).where(eq(maintenanceWindowMonitors.windowId, input.windowId));
    const { schedule } = input;
    const rescheduled = !sameSchedule(scheduleOf(current), schedule);
    if (rescheduled) {
      const [started] = await run<{ n: number }>(sql`SELECT count(*)::int AS n FROM maintenance_occurrences WHERE window_id = ${input.windowId} AND starts_at <= now()`);
      if (!current.rrule && !schedule.rrule && (started?.n ?? 0) > 0) {
        throw new AppError('CONFLICT', 'This maintenance has already started: end it early or extend it instead.', {
          details: [{ field: 'start', message: 'This maintenance has already started: end it early or extend it instead.' }],
        });
      }
      await run(sql`DELETE FROM maintenance_occurrences WHERE window_id = ${input.windowId} AND starts_at > now()`);
      const [last] = await run<{ at: string | null }>(sql`SELECT max(starts_at)::text AS at FROM maintenance_occurrences WHERE window_id = ${input.windowId}`);
      const now = Date.now();
      const from = Math.max(now + 1, last?.at ? new Date(last.at).getTime() + 1 : 0);
      // A started occurrence keeps its place: the new schedule's first one comes after it ends.
      const [running] = await run<{ ends: string | null }>(sql`SELECT max(ends_at)::text AS ends FROM maintenance_occurrences WHERE window_id = ${input.windowId}`);
      const after = Math.max(from, running?.ends ? new Date(running.ends).getTime() : 0);
      await insertOccurrences(tx, input.windowId, schedule, new Date(after), new Date(now + HORIZON_DAYS * DAY_MS));
    }
    await tx
      .update(maintenanceWindows)
      .set({ ...windowColumns(input), updatedAt: new Date() })
      .where(eq(maintenanceWindows.id, input.windowId));
    const oldIds = before.map((row) => row.monitorId);
    const changed = [...new Set([...oldIds, ...input.monitorIds])].filter((id) => !(oldIds.includes(id) && input.monitorIds.includes(id)));
    const oldPages = (await tx.select({ id: maintenanceWindowPages.pageId }).from(maintenanceWindowPages).where(eq(maintenanceWindowPages.windowId, input.windowId))).map((row) => row.id).sort();
    await recordAudit(tx, ctx, {
      action: 'changed',
      kind: 'maintenance',
      id: input.windowId,
      label: input.title,
      fields: changedFields({ ...current, monitorIds: [...oldIds].sort(), pageIds: oldPages }, { ...windowColumns(input), monitorIds: [...new Set(input.monitorIds)].sort(), pageIds: [...new Set(input.pageIds)].sort() }),
    });
    // The pages of the old choices, then those of the new.
    await touchPagesOf(run, [input.windowId]);
    await setChoices(tx, input.windowId, input);
    await touchPagesOf(run, [input.windowId]);
    await markHours(run, input.windowId, changed);
    // Subscribers hear the new time (the notice goes only if the window asks for notices).
    if (rescheduled) await enqueueMaintenanceNotices(run, 'announced', await nextOccurrence(tx, input.windowId, { upcoming: true }));
  });
  wakeDeliveryWorker();
}

/** Delete a window: its past checks count again, and subscribers hear that what was announced will not happen. */
export async function deleteMaintenance({ ctx, input }: { ctx: TeamContext; input: { windowId: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.manageMaintenance);
  await db.transaction(async (tx) => {
    const window = await lockOwnWindow(tx, ctx, input.windowId);
    await recordAudit(tx, ctx, { action: 'deleted', kind: 'maintenance', id: input.windowId, label: window.title });
    const run = runInDrizzle(tx);
    const monitors = (await tx.select({ id: maintenanceWindowMonitors.monitorId }).from(maintenanceWindowMonitors).where(eq(maintenanceWindowMonitors.windowId, input.windowId))).map((m) => m.id);
    const upcoming = await run<{ id: string }>(sql`SELECT id FROM maintenance_occurrences WHERE window_id = ${input.windowId} AND starts_at > now() ORDER BY starts_at LIMIT 1`);
    await enqueueMaintenanceNotices(run, 'cancelled', upcoming.map((row) => row.id));
    await markHours(run, input.windowId, monitors);
    await touchPagesOf(run, [input.windowId]);
    await tx.delete(maintenanceWindows).where(eq(maintenanceWindows.id, input.windowId));
  });
  wakeDeliveryWorker();
}

/** The occurrence under way, locked; CONFLICT when none is. */
async function runningOccurrence(tx: Transaction, windowId: string) {
  const [row] = await tx
    .select()
    .from(maintenanceOccurrences)
    .where(and(eq(maintenanceOccurrences.windowId, windowId), sql`${maintenanceOccurrences.startsAt} <= now() AND ${maintenanceOccurrences.endsAt} > now()`))
    .for('update');
  if (!row) throw new AppError('CONFLICT', 'This maintenance is not under way.');
  return row;
}

/** End the running occurrence now. Its end is handled at once: monitors still down alert, subscribers hear it is over. */
export async function endMaintenanceNow({ ctx, input }: { ctx: TeamContext; input: { windowId: string } }): Promise<void> {
  requireRole(ctx, PERMISSIONS.runMaintenance);
  await db.transaction(async (tx) => {
    const window = await lockOwnWindow(tx, ctx, input.windowId);
    const occurrence = await runningOccurrence(tx, input.windowId);
    await tx.update(maintenanceOccurrences).set({ endsAt: sql`greatest(now(), ${maintenanceOccurrences.startsAt} + interval '1 millisecond')` }).where(eq(maintenanceOccurrences.id, occurrence.id));
    await recordAudit(tx, ctx, { action: 'ended', kind: 'maintenance', id: input.windowId, label: window.title });
    await touchPagesOf(runInDrizzle(tx), [input.windowId]);
  });
  const { handleMaintenanceRound } = await import('./round');
  await handleMaintenanceRound();
}

/** Extend the running occurrence by `minutes` (up to 7 days long in all). */
export async function extendMaintenance({ ctx, input }: { ctx: TeamContext; input: { windowId: string; minutes: number } }): Promise<{ endsAt: Date }> {
  requireRole(ctx, PERMISSIONS.runMaintenance);
  return db.transaction(async (tx) => {
    const window = await lockOwnWindow(tx, ctx, input.windowId);
    const occurrence = await runningOccurrence(tx, input.windowId);
    const endsAt = new Date(occurrence.endsAt.getTime() + input.minutes * 60_000);
    if (endsAt.getTime() - occurrence.startsAt.getTime() > MAX_DURATION_MINUTES * 60_000) {
      throw new AppError('INVALID_INPUT', 'A maintenance lasts at most 7 days.', { details: [{ field: 'minutes', message: 'A maintenance lasts at most 7 days.' }] });
    }
    const [next] = await runInDrizzle(tx)<{ id: string }>(sql`
      SELECT id FROM maintenance_occurrences WHERE window_id = ${input.windowId} AND starts_at > ${occurrence.startsAt.toISOString()}::timestamptz
        AND starts_at < ${endsAt.toISOString()}::timestamptz LIMIT 1`);
    if (next) throw new AppError('CONFLICT', 'That would run into the next occurrence of this maintenance.', { details: [{ field: 'minutes', message: 'That would run into the next occurrence.' }] });
    await tx.update(maintenanceOccurrences).set({ endsAt }).where(eq(maintenanceOccurrences.id, occurrence.id));
    await touchPagesOf(runInDrizzle(tx), [input.windowId]);
    await recordAudit(tx, ctx, { action: 'extended', kind: 'maintenance', id: input.windowId, label: window.title, fields: ['endsAt'] });
    return { endsAt };
  });
}

/** Expand recurring windows whose occurrences run out within the horizon (the background round). */
export async function topUpOccurrences(): Promise<number> {
  // A rule whose next time is further off than the horizon (yearly) has none yet: from now.
  const due = await db.execute<{ id: string }>(sql`
    SELECT w.id
    FROM maintenance_windows w LEFT JOIN maintenance_occurrences o ON o.window_id = w.id
    WHERE w.rrule IS NOT NULL
    GROUP BY w.id
    HAVING coalesce(max(o.starts_at), '-infinity') < now() + make_interval(days => ${HORIZON_DAYS - 7})
    LIMIT 100`);
  for (const { id } of due) {
    // Under the window's lock, as edits are: what is there is read again inside.
    await db.transaction(async (tx) => {
      const [window] = await tx.select().from(maintenanceWindows).where(eq(maintenanceWindows.id, id)).for('update');
      if (!window?.rrule) return;
      const [last] = await runInDrizzle(tx)<{ at: string | null }>(sql`SELECT max(starts_at)::text AS at FROM maintenance_occurrences WHERE window_id = ${id}`);
      const from = last?.at ? new Date(last.at).getTime() + 1 : Date.now();
      await insertOccurrences(tx, id, scheduleOf(window), new Date(from), new Date(Date.now() + HORIZON_DAYS * DAY_MS));
    });
  }
  return due.length;
}
