import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { dashboardMonitors } from '@/lib/dashboard/monitors';
import { dailyBars } from '@/db/queries/timeseries';
import { windowStats } from '@/lib/rollups/reads';
import { listMaintenance, maintenanceForOwner } from '@/db/queries/maintenance';
import { statusPageBySlug } from '@/db/queries/status-pages';
import { createMaintenance, deleteMaintenance, endMaintenanceNow, extendMaintenance, topUpOccurrences, updateMaintenance } from '@/lib/maintenance/manage';
import { handleMaintenanceRound } from '@/lib/maintenance/round';
import { maintenanceFormSchema } from '@/lib/maintenance/schemas';
import { createChannel } from '@/lib/notifications/manage';
import { parseKindFields } from '@/lib/notifications/kinds';
import { refreshAllRollups } from '@/lib/rollups/refresh';
import { addComponent, createStatusPage } from '@/lib/status-pages/manage';
import { loadPublicStatusPage } from '@/lib/status-pages/public-view';
import { statusPageHtml } from '@/lib/status-pages/render-html';
import { componentFormSchema, statusPageFormSchema } from '@/lib/status-pages/schemas';
import { subscribe, confirmSubscriber } from '@/lib/status-pages/subscriptions';
import { createTestUser, refusal, teamCtx } from '../helpers/fixtures';
import { agentWithMonitors, at, postHeartbeats } from '../helpers/ingest';
import { testSql } from '../helpers/sql';
import { wallTimeToDate } from '@/lib/timezone';

const sql = testSql();
afterAll(() => sql.end());

const MINUTE = 60_000;
const wall = (ms: number) => new Date(ms).toISOString().slice(0, 16);
/** A one-off window in UTC over [from, to) (minute-aligned epoch ms). */
const windowInput = (monitorIds: string[], from: number, to: number, extra: Record<string, string> = {}) =>
  maintenanceFormSchema.parse({ title: 'Database upgrade', timeZone: 'UTC', start: wall(from), end: wall(to), ...Object.fromEntries(monitorIds.map((id) => [`monitor:${id}`, 'on'])), ...extra });

function problem(input: Record<string, string>, field: string): string | undefined {
  const parsed = maintenanceFormSchema.safeParse({ title: 'T', timeZone: 'UTC', start: '2027-01-10T02:00', end: '2027-01-10T04:00', [`monitor:${randomUUID()}`]: 'on', ...input });
  return parsed.success ? undefined : parsed.error.issues.find((issue) => issue.path[0] === field)?.message;
}

async function channelFor(userId: string) {
  const parsed = parseKindFields('webhook', { url: 'https://hooks.example/watchpost' }, false);
  if ('problems' in parsed) throw new Error('channel');
  return createChannel({ ctx: teamCtx(userId), input: { name: `hook-${randomUUID().slice(0, 5)}`, kind: 'webhook', allMonitors: true, monitorIds: [], ...parsed } });
}

const eventsOf = async (channelId: string) =>
  (await sql<{ kind: string }[]>`SELECT e.kind FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id WHERE d.channel_id = ${channelId} ORDER BY e.created_at`).map((r) => r.kind);

describe('the maintenance form', () => {
  it('refuses an end before its start, a zone that does not exist, the daylight-saving gap, and rules that never start or never end', () => {
    expect(problem({ end: '2027-01-10T01:00' }, 'end')).toBe('The end must be after the start.');
    expect(problem({ end: '2027-01-10T02:00' }, 'end')).toBe('The end must be after the start.');
    expect(problem({ end: '2027-01-20T02:00' }, 'end')).toMatch(/1 minute to 7 days/);
    expect(problem({ timeZone: 'Europe/Atlantis' }, 'timeZone')).toMatch(/not a time zone/);
    expect(problem({ timeZone: 'Europe/Berlin', start: '2027-03-28T02:30', end: '2027-03-28T04:00' }, 'start')).toMatch(/does not exist in Europe\/Berlin/);
    expect(problem({ repeat: 'custom', rrule: 'FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30' }, 'rrule')).toMatch(/never happens/);
    expect(problem({ repeat: 'custom', rrule: 'FREQ=HOURLY' }, 'rrule')).toMatch(/overlap and never end/);
    expect(problem({ repeat: 'custom', rrule: 'FREQ=SECONDLY' }, 'rrule')).toMatch(/hourly at the most/);
    expect(problem({ repeat: 'custom', rrule: '' }, 'rrule')).toMatch(/Enter a recurrence/);
    expect(problem({ repeat: 'custom', rrule: 'FREQ=WEEKLY;BYDAY=SU' }, 'rrule')).toBeUndefined();
    const parsed = maintenanceFormSchema.safeParse({ title: 'T', timeZone: 'UTC', start: '2027-01-10T02:00', end: '2027-01-10T04:00' });
    expect(parsed.success ? undefined : parsed.error.issues[0]?.message).toBe('Choose the monitors this maintenance covers.');
    // Weekly, Sundays 02:00–04:00 Berlin, stays 02:00–04:00 local across the change of clocks.
    const weekly = maintenanceFormSchema.parse({ title: 'T', timeZone: 'Europe/Berlin', start: '2027-03-21T02:00', end: '2027-03-21T04:00', repeat: 'weekly', [`monitor:${randomUUID()}`]: 'on' });
    expect(weekly.schedule).toEqual({ timeZone: 'Europe/Berlin', start: '2027-03-21T02:00', durationMinutes: 120, rrule: 'FREQ=WEEKLY' });
  });
});

describe('maintenance windows', () => {
  it('another user’s window, monitor or page is not found, and nothing changes', async () => {
    const owner = await agentWithMonitors(1);
    const stranger = await agentWithMonitors(1);
    const now = Math.ceil(Date.now() / MINUTE) * MINUTE;
    const own = await createMaintenance({ ctx: teamCtx(owner.userId), input: windowInput(owner.monitorIds, now + 60 * MINUTE, now + 120 * MINUTE) });
    const ctx = teamCtx(stranger.userId);
    const input = windowInput(stranger.monitorIds, now + 60 * MINUTE, now + 90 * MINUTE);
    expect((await refusal(updateMaintenance({ ctx, input: { ...input, windowId: own.id } }))).code).toBe('NOT_FOUND');
    expect((await refusal(deleteMaintenance({ ctx, input: { windowId: own.id } }))).code).toBe('NOT_FOUND');
    expect((await refusal(endMaintenanceNow({ ctx, input: { windowId: own.id } }))).code).toBe('NOT_FOUND');
    expect((await refusal(extendMaintenance({ ctx, input: { windowId: own.id, minutes: 30 } }))).code).toBe('NOT_FOUND');
    expect(await maintenanceForOwner(stranger.teamId, own.id)).toBeNull();
    expect((await refusal(createMaintenance({ ctx, input: windowInput(owner.monitorIds, now, now + MINUTE * 30) }))).code).toBe('NOT_FOUND');
    const slug = `mw-${randomUUID().slice(0, 8)}`;
    const page = await createStatusPage({ ctx: teamCtx(owner.userId), input: statusPageFormSchema.parse({ title: 'P', slug }) });
    const withPage = windowInput(stranger.monitorIds, now, now + 30 * MINUTE, { [`page:${page.id}`]: 'on' });
    expect((await refusal(createMaintenance({ ctx, input: withPage }))).code).toBe('NOT_FOUND');
    expect(await listMaintenance(stranger.teamId)).toEqual([]);
    expect((await maintenanceForOwner(owner.teamId, own.id))?.title).toBe('Database upgrade');
  });

  it('lists a recurring window whose first start lies past the made occurrences as scheduled, from its first start', async () => {
    const owner = await agentWithMonitors(1);
    const start = new Date(Date.now() + 200 * 24 * 60 * MINUTE);
    const first = `${start.toISOString().slice(0, 10)}T02:00`;
    const input = maintenanceFormSchema.parse({ title: 'Far off', timeZone: 'Europe/Berlin', start: first, end: first.replace('T02:00', 'T03:30'), repeat: 'weekly', [`monitor:${owner.monitorIds[0]}`]: 'on' });
    await createMaintenance({ ctx: teamCtx(owner.userId), input });
    const [listed] = await listMaintenance(owner.teamId);
    expect(listed).toMatchObject({ title: 'Far off', state: 'scheduled' });
    expect(listed!.startsAt!.toISOString()).toBe(wallTimeToDate(first, 'Europe/Berlin')!.toISOString());
    expect(listed!.endsAt!.getTime() - listed!.startsAt!.getTime()).toBe(90 * MINUTE);
  });

  it('checks inside a window are left out of uptime, added after the fact too, and count again when it is deleted', async () => {
    const owner = await agentWithMonitors(1, { failureThreshold: 1 });
    const monitorId = owner.monitorIds[0]!;
    let base = Math.floor((Date.now() - 3 * 3_600_000) / MINUTE) * MINUTE;
    // The window (minutes 30–70, below) within one UTC day, so one day's bar holds all of it
    // (run between 02:00 and 02:40 UTC, it straddled midnight and the test failed).
    const nextMidnight = (t: number) => (Math.floor(t / 86_400_000) + 1) * 86_400_000;
    if (base + 70 * MINUTE > nextMidnight(base + 30 * MINUTE)) base -= 2 * 3_600_000;
    // A check a minute for two hours; down from minute 40 to 59.
    const heartbeats = Array.from({ length: 120 }, (_, m) => ({ monitorId, time: at(base, m * 60), status: m >= 40 && m < 60 ? 'down' : 'up', latencyMs: 10 }));
    expect((await postHeartbeats(owner.token, { heartbeats })).status).toBe(202);
    await refreshAllRollups();
    const counted = async () =>
      (await sql<{ up: number; failed: number }[]>`
        SELECT coalesce(sum(up_count), 0)::int AS up, coalesce(sum(down_count + timeout_count + error_count), 0)::int AS failed
        FROM monitor_rollups_hourly WHERE monitor_id = ${monitorId}`)[0]!;
    expect(await counted()).toEqual({ up: 100, failed: 20 });

    // Maintenance from minute 30 to 70, written afterwards.
    const window = await createMaintenance({ ctx: teamCtx(owner.userId), input: windowInput([monitorId], base + 30 * MINUTE, base + 70 * MINUTE) });
    await refreshAllRollups();
    expect(await counted()).toEqual({ up: 80, failed: 0 });
    // The same as a recount of the raw rows outside the window.
    const [raw] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM heartbeats WHERE monitor_id = ${monitorId}
      AND NOT (time >= ${new Date(base + 30 * MINUTE)} AND time < ${new Date(base + 70 * MINUTE)})`;
    expect(raw!.n).toBe(80);
    // The dashboards read the same: raw rows at the ragged edges, rollups in between.
    const stats = (await windowStats(owner.teamId, [monitorId], { from: new Date(base + 7 * MINUTE), to: new Date(base + 113 * MINUTE) })).get(monitorId)!;
    expect({ up: stats.up, down: stats.down }).toEqual({ up: 66, down: 0 });
    const bars = await dailyBars(owner.teamId, monitorId, 'UTC', 2);
    expect(bars.reduce((n, d) => n + d.maintenanceSeconds, 0)).toBe(40 * 60);
    expect(bars.reduce((n, d) => n + d.downtimeSeconds, 0)).toBe(0);

    // The status page: 100 % that day, no downtime, the maintenance in the tooltip.
    const slug = `mw-${randomUUID().slice(0, 8)}`;
    const page = await createStatusPage({ ctx: teamCtx(owner.userId), input: statusPageFormSchema.parse({ title: 'P', slug }) });
    await addComponent({ ctx: teamCtx(owner.userId), input: { pageId: page.id, ...componentFormSchema.parse({ name: 'Database', [`monitor:${monitorId}`]: 'on' }) } });
    const view = await loadPublicStatusPage((await statusPageBySlug(slug))!);
    const days = view.groups[0]!.components[0]!.days.filter((d) => d.checks > 0);
    expect(days.reduce((n, d) => n + d.failed, 0)).toBe(0);
    expect(days.reduce((n, d) => n + d.downtimeSeconds, 0)).toBe(0);
    expect(days.reduce((n, d) => n + (d.maintenanceSeconds ?? 0), 0)).toBe(40 * 60);
    expect(view.groups[0]!.components[0]!.uptime).toBe(100);
    expect(statusPageHtml(view)).toContain('40 min maintenance');

    await deleteMaintenance({ ctx: teamCtx(owner.userId), input: { windowId: window.id } });
    await refreshAllRollups();
    expect(await counted()).toEqual({ up: 100, failed: 20 });
  });

  it('keeps a monitor quiet inside a window, marks its incident, and alerts at the end when it is still down', async () => {
    const owner = await agentWithMonitors(2, { failureThreshold: 1 });
    const [stillDown, recovered] = owner.monitorIds as [string, string];
    const hook = await channelFor(owner.userId);
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    const window = await createMaintenance({ ctx: teamCtx(owner.userId), input: windowInput([stillDown, recovered], now - 10 * MINUTE, now + 50 * MINUTE) });
    const slug = `mw-${randomUUID().slice(0, 8)}`;
    const page = await createStatusPage({ ctx: teamCtx(owner.userId), input: statusPageFormSchema.parse({ title: 'P', slug }) });
    await addComponent({ ctx: teamCtx(owner.userId), input: { pageId: page.id, ...componentFormSchema.parse({ name: 'Database', [`monitor:${stillDown}`]: 'on' }) } });

    const beat = (monitorId: string, secondsAgo: number, status: 'up' | 'down') =>
      postHeartbeats(owner.token, { heartbeats: [{ monitorId, time: new Date(Date.now() - secondsAgo * 1000).toISOString(), status, ...(status === 'up' ? { latencyMs: 5 } : { errorMessage: 'refused' }) }] });
    await beat(stillDown, 120, 'down');
    await beat(recovered, 110, 'down');
    await beat(recovered, 60, 'up');
    const incidents = await sql<{ monitor_id: string; in_maintenance: boolean; resolved_at: Date | null }[]>`
      SELECT monitor_id, in_maintenance, resolved_at FROM incidents WHERE monitor_id IN ${sql([stillDown, recovered])}`;
    expect(incidents.map((i) => i.in_maintenance)).toEqual([true, true]);
    expect(await eventsOf(hook.id)).toEqual([]);

    // The dashboard and the status page say maintenance, not down.
    const listed = await dashboardMonitors(owner.teamId, 3600, { sort: 'name' });
    expect(listed.monitors.map((m) => m.status)).toEqual(['maintenance', 'maintenance']);
    const view = await loadPublicStatusPage((await statusPageBySlug(slug))!);
    expect(view.groups[0]!.components[0]!.statusLabel).toBe('Under maintenance');
    expect(view.overall.line).toBe('Maintenance in progress');

    // Extending into the future is fine; a round changes nothing while it runs.
    const { endsAt } = await extendMaintenance({ ctx: teamCtx(owner.userId), input: { windowId: window.id, minutes: 30 } });
    expect(endsAt.getTime()).toBe(now + 80 * MINUTE);
    await handleMaintenanceRound();
    expect(await eventsOf(hook.id)).toEqual([]);

    await endMaintenanceNow({ ctx: teamCtx(owner.userId), input: { windowId: window.id } });
    expect(await eventsOf(hook.id)).toEqual(['incident.opened']);
    expect((await refusal(endMaintenanceNow({ ctx: teamCtx(owner.userId), input: { windowId: window.id } }))).code).toBe('CONFLICT');
    // Its recovery is announced as usual; the one that recovered inside the window never is.
    await beat(stillDown, 0, 'up');
    expect(await eventsOf(hook.id)).toEqual(['incident.opened', 'incident.resolved']);
    expect((await dashboardMonitors(owner.teamId, 3600, { sort: 'name' })).monitors.map((m) => m.status)).toEqual(['up', 'up']);
  });

  it('recurring windows expand ahead, and edits replace only what has not started', async () => {
    const owner = await agentWithMonitors(1);
    const ctx = teamCtx(owner.userId);
    const weekly = maintenanceFormSchema.parse({
      title: 'Sunday patching',
      timeZone: 'America/New_York',
      start: '2026-01-04T02:00',
      end: '2026-01-04T04:00',
      repeat: 'custom',
      rrule: 'FREQ=WEEKLY;BYDAY=SU',
      [`monitor:${owner.monitorIds[0]}`]: 'on',
    });
    const window = await createMaintenance({ ctx, input: weekly });
    const rows = await sql<{ starts_at: Date; ends_at: Date }[]>`SELECT starts_at, ends_at FROM maintenance_occurrences WHERE window_id = ${window.id} ORDER BY starts_at`;
    expect(rows.length).toBeGreaterThan(55);
    // Every one is 02:00–04:00 in New York, whatever the offset that day; on the spring-forward
    // day 02:00 does not exist and (RFC 5545) it starts at 03:00.
    const local = (d: Date) => new Intl.DateTimeFormat('en-GB', { timeZone: 'America/New_York', hour: '2-digit', minute: '2-digit', weekday: 'short' }).format(d);
    const springForward = new Date('2026-03-08T07:00:00Z').getTime();
    for (const row of rows) {
      expect([local(row.starts_at), local(row.ends_at)]).toEqual([row.starts_at.getTime() === springForward ? 'Sun 03:00' : 'Sun 02:00', 'Sun 04:00']);
    }
    expect(rows.at(-1)!.starts_at.getTime()).toBeGreaterThan(Date.now() + 80 * 86_400_000);
    const past = rows.filter((r) => r.starts_at.getTime() < Date.now()).length;

    // Move it to Saturdays: the past stays, the future moves.
    await updateMaintenance({ ctx, input: { ...maintenanceFormSchema.parse({ ...Object.fromEntries(Object.entries({ title: 'Saturday patching', timeZone: 'America/New_York', start: '2026-01-03T02:00', end: '2026-01-03T04:00', repeat: 'custom', rrule: 'FREQ=WEEKLY;BYDAY=SA' })), [`monitor:${owner.monitorIds[0]}`]: 'on' }), windowId: window.id } });
    const after = await sql<{ starts_at: Date; dow: number }[]>`SELECT starts_at, extract(dow FROM starts_at AT TIME ZONE 'America/New_York')::int AS dow FROM maintenance_occurrences WHERE window_id = ${window.id} ORDER BY starts_at`;
    expect(after.filter((r) => r.starts_at.getTime() < Date.now()).every((r) => r.dow === 0)).toBe(true);
    expect(after.filter((r) => r.starts_at.getTime() < Date.now())).toHaveLength(past);
    expect(after.filter((r) => r.starts_at.getTime() > Date.now()).every((r) => r.dow === 6)).toBe(true);

    // The background tops up what runs out.
    await sql`DELETE FROM maintenance_occurrences WHERE window_id = ${window.id} AND starts_at > now() + interval '20 days'`;
    await topUpOccurrences();
    const [top] = await sql<{ last: Date }[]>`SELECT max(starts_at) AS last FROM maintenance_occurrences WHERE window_id = ${window.id}`;
    expect(top!.last.getTime()).toBeGreaterThan(Date.now() + 80 * 86_400_000);

    // A one-off window that has started cannot be moved; ending it early can.
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    const once = await createMaintenance({ ctx, input: windowInput(owner.monitorIds, now - 5 * MINUTE, now + 30 * MINUTE) });
    const moved = await refusal(updateMaintenance({ ctx, input: { ...windowInput(owner.monitorIds, now + 60 * MINUTE, now + 90 * MINUTE), windowId: once.id } }));
    expect(moved.message).toMatch(/already started/);
    // Running into its next occurrence is refused when extending.
    const daily = await createMaintenance({ ctx, input: windowInput(owner.monitorIds, now - 5 * MINUTE, now + 60 * MINUTE, { repeat: 'daily' }) });
    expect((await refusal(extendMaintenance({ ctx, input: { windowId: daily.id, minutes: 24 * 60 } }))).message).toMatch(/7 days|next occurrence/);
  });

  it('tells the subscribers of the pages it is shown on: announced, started within the hour, ended', async () => {
    const owner = await agentWithMonitors(1);
    const ctx = teamCtx(owner.userId);
    const slug = `mw-${randomUUID().slice(0, 8)}`;
    const page = await createStatusPage({ ctx, input: statusPageFormSchema.parse({ title: 'P', slug }) });
    await addComponent({ ctx, input: { pageId: page.id, ...componentFormSchema.parse({ name: 'API', [`monitor:${owner.monitorIds[0]}`]: 'on' }) } });
    await subscribe({ pageId: page.id, email: 'follower@example.com', componentIds: [] });
    const [subscriber] = await sql<{ id: string }[]>`SELECT id FROM status_page_subscribers WHERE page_id = ${page.id}`;
    await confirmSubscriber(subscriber!.id, page.id);
    const notices = async () =>
      (await sql<{ notice: string }[]>`SELECT e.payload->>'notice' AS notice FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
        WHERE d.subscriber_id = ${subscriber!.id} AND e.kind = 'status.maintenance' ORDER BY e.created_at`).map((r) => r.notice);
    const now = Math.ceil(Date.now() / MINUTE) * MINUTE;
    const window = await createMaintenance({ ctx, input: windowInput(owner.monitorIds, now + 30 * MINUTE, now + 90 * MINUTE, { [`page:${page.id}`]: 'on', notifySubscribers: 'on' }) });
    expect(await notices()).toEqual(['announced']);
    const view = await loadPublicStatusPage((await statusPageBySlug(slug))!);
    expect(view.maintenance.upcoming.map((m) => [m.title, m.components])).toEqual([['Database upgrade', ['API']]]);
    expect(statusPageHtml(view)).toContain('Scheduled maintenance');
    // Moved: subscribers hear the new time.
    await updateMaintenance({ ctx, input: { ...windowInput(owner.monitorIds, now + 40 * MINUTE, now + 100 * MINUTE, { [`page:${page.id}`]: 'on', notifySubscribers: 'on' }), windowId: window.id } });
    expect(await notices()).toEqual(['announced', 'announced']);
    // Within the hour, then under way (moved to now), then over.
    await handleMaintenanceRound();
    expect(await notices()).toEqual(['announced', 'announced']);
    await sql`UPDATE maintenance_occurrences SET starts_at = now() - interval '1 minute' WHERE window_id = ${window.id}`;
    await handleMaintenanceRound();
    expect(await notices()).toEqual(['announced', 'announced', 'started']);
    const running = await loadPublicStatusPage((await statusPageBySlug(slug))!);
    expect(running.maintenance.active.map((m) => m.title)).toEqual(['Database upgrade']);
    await endMaintenanceNow({ ctx, input: { windowId: window.id } });
    expect(await notices()).toEqual(['announced', 'announced', 'started', 'ended']);
  });
});
