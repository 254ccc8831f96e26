import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listSchedules } from '@/db/queries/report-schedules';
import { deliverDue } from '@/lib/notifications/worker';
import { createSchedule, deleteSchedule, nextRunAfter, queueDueReports, sendScheduleNow } from '@/lib/reports/schedules';
import { scheduleFormSchema, scheduleSchema } from '@/lib/reports/schemas';
import { refreshAllRollups } from '@/lib/rollups/refresh';
import { refusal, teamCtx } from '../helpers/fixtures';
import { agentWithMonitors, at, postHeartbeats } from '../helpers/ingest';
import { openMailbox } from '../helpers/mailbox';
import { notifyLocally } from '../helpers/notify-env';
import { testSql } from '../helpers/sql';

// Scheduled reports: when they go out (DST included), one event per run however many
// leaders race, a mail per recipient with the PDF attached, and a bounce logged like every
// delivery.

const sql = testSql();
let mailbox: Awaited<ReturnType<typeof openMailbox>>;
beforeAll(async () => {
  notifyLocally();
  mailbox = await openMailbox({ rejectRecipients: ['gone@example.com'] });
});
afterAll(async () => {
  await mailbox.close();
  await sql.end();
});

describe('when a schedule goes out', () => {
  it('is the next 1st or Monday at its hour in the team’s zone, across daylight saving time', () => {
    const berlin = 'Europe/Berlin';
    expect(nextRunAfter('monthly', 8, berlin, new Date('2026-12-03T10:00:00Z')).toISOString()).toBe('2027-01-01T07:00:00.000Z');
    expect(nextRunAfter('monthly', 8, berlin, new Date('2027-03-31T10:00:00Z')).toISOString()).toBe('2027-04-01T06:00:00.000Z');
    expect(nextRunAfter('weekly', 8, berlin, new Date('2026-12-03T10:00:00Z')).toISOString()).toBe('2026-12-07T07:00:00.000Z');
    // A Monday before its hour goes out that day; after it, a week later.
    expect(nextRunAfter('weekly', 8, berlin, new Date('2026-12-07T06:59:00Z')).toISOString()).toBe('2026-12-07T07:00:00.000Z');
    expect(nextRunAfter('weekly', 8, berlin, new Date('2026-12-07T07:00:00Z')).toISOString()).toBe('2026-12-14T07:00:00.000Z');
    expect(nextRunAfter('weekly', 8, berlin, new Date('2027-03-24T12:00:00Z')).toISOString()).toBe('2027-03-29T06:00:00.000Z');
  });
});

describe('scheduled reports', () => {
  it('queue once per run, mail the PDF to each address and member, and log a bounce', async () => {
    const owner = await agentWithMonitors(1, { failureThreshold: 1 });
    const ctx = teamCtx(owner.userId);
    const monitorId = owner.monitorIds[0]!;
    await sql`UPDATE monitors SET name = 'Billing API', created_at = now() - interval '20 days' WHERE id = ${monitorId}`;
    const base = Date.now() - 3 * 86_400_000;
    const beats = Array.from({ length: 30 }, (_, i) => ({ monitorId, time: at(base, i * 60), status: i === 7 ? 'down' : 'up', latencyMs: 30 }));
    expect((await postHeartbeats(owner.token, { heartbeats: beats })).status).toBe(202);
    await refreshAllRollups();
    const input = scheduleSchema.parse({ name: 'Weekly for the board', cadence: 'weekly', addresses: 'cfo@example.com, gone@example.com', toMembers: true });
    const { id, nextRunAt } = await createSchedule({ ctx, input });
    expect(nextRunAt.getTime()).toBeGreaterThan(Date.now());
    // Due now: two leaders' rounds at once queue it once.
    await sql`UPDATE report_schedules SET next_run_at = now() - interval '1 minute' WHERE id = ${id}`;
    await Promise.all([queueDueReports(), queueDueReports()]);
    await queueDueReports();
    const events = await sql`SELECT e.id, e.payload FROM notification_events e WHERE e.team_id = ${owner.teamId} AND e.kind = 'report.scheduled'`;
    expect(events).toHaveLength(1);
    const deliveries = await sql`SELECT coalesce(d.address, u.email) AS "to" FROM notification_deliveries d LEFT JOIN users u ON u.id = d.member_id WHERE d.event_id = ${events[0]!.id} ORDER BY 1`;
    expect(deliveries.map((d) => d.to).sort()).toEqual(['cfo@example.com', owner.email, 'gone@example.com'].sort());
    const [moved] = await sql`SELECT next_run_at, last_run_at FROM report_schedules WHERE id = ${id}`;
    expect(moved!.next_run_at.getTime()).toBeGreaterThan(Date.now());
    expect(moved!.last_run_at).not.toBeNull();

    await deliverDue();
    await deliverDue();
    const mail = mailbox.mails.find((m) => m.to === 'cfo@example.com')!;
    expect(mail.subject).toMatch(/^Weekly uptime report: /);
    expect(mail.text).toContain('Uptime:');
    expect(mail.text).toContain('https://watch.example/reports?from=');
    expect(mail.attachments).toHaveLength(1);
    expect(mail.attachments[0]!.contentType).toBe('application/pdf');
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'wp-mail-')), 'report.pdf');
    writeFileSync(file, mail.attachments[0]!.content);
    expect(execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' })).toContain('Billing API');
    expect(mailbox.mails.filter((m) => m.to === owner.email)).toHaveLength(1);
    expect(mailbox.mails.filter((m) => m.to === 'gone@example.com')).toHaveLength(0);
    // The bounce is in the log like every delivery; nothing is sent twice.
    const [schedule] = await listSchedules(owner.teamId);
    expect(schedule!.deliveries.find((d) => d.to === 'gone@example.com')).toMatchObject({ state: 'failed', lastError: expect.stringContaining('550') });
    expect(schedule!.deliveries.filter((d) => d.state === 'delivered')).toHaveLength(2);
    expect(mailbox.mails.filter((m) => m.to === 'cfo@example.com')).toHaveLength(1);
    // "Send now" queues another for the same period, leaving the next run where it is.
    await sendScheduleNow({ ctx, input: { scheduleId: id } });
    const [after] = await sql`SELECT next_run_at FROM report_schedules WHERE id = ${id}`;
    expect(after!.next_run_at).toEqual(moved!.next_run_at);
    expect(await sql`SELECT 1 FROM notification_events WHERE team_id = ${owner.teamId} AND kind = 'report.scheduled'`).toHaveLength(2);
    // Deleted before it went out: not sent, and the log says why.
    await deleteSchedule({ ctx, input: { scheduleId: id } });
    await deliverDue();
    expect(mailbox.mails.filter((m) => m.to === 'cfo@example.com')).toHaveLength(1);
    const cancelled = await sql`SELECT d.state, d.last_error FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
      WHERE e.team_id = ${owner.teamId} AND e.kind = 'report.scheduled' AND d.state <> 'delivered' AND d.state <> 'failed'`;
    expect(cancelled).toHaveLength(3);
    expect(cancelled.every((d) => d.state === 'cancelled' && d.last_error === 'not sent: the schedule was deleted')).toBe(true);
  });

  it('refuses more than 50 addresses, no recipient, bad addresses, and another team’s page or schedule', async () => {
    const many = Array.from({ length: 51 }, (_, i) => `r${i}@example.com`).join(', ');
    const problem = (form: Record<string, string>) => scheduleFormSchema.safeParse({ name: 'x', ...form }).error?.issues[0];
    expect(problem({ addresses: many })).toMatchObject({ path: ['addresses'], message: expect.stringContaining('At most 50') });
    expect(problem({ addresses: '' })).toMatchObject({ path: ['addresses'], message: expect.stringContaining('at least one address') });
    expect(problem({ addresses: 'not-an-address' })?.path).toEqual(['addresses']);
    expect(problem({ addresses: 'a@example.com', hour: '24' })?.path).toEqual(['hour']);
    expect(problem({ addresses: 'a@example.com', scope: 'monitors' })?.path).toEqual(['monitorIds']);
    const owner = await agentWithMonitors(1);
    const stranger = await agentWithMonitors(1);
    const [page] = await sql`INSERT INTO status_pages (user_id, team_id, slug, title) VALUES (${stranger.userId}, ${stranger.teamId}, ${`rs-${stranger.teamId.slice(0, 8)}`}, 'Theirs') RETURNING id`;
    const ctx = teamCtx(owner.userId);
    const input = scheduleSchema.parse({ name: 'Theirs', scope: 'page', pageId: page!.id, addresses: 'a@example.com' });
    expect((await refusal(createSchedule({ ctx, input }))).code).toBe('NOT_FOUND');
    const monitors = scheduleSchema.parse({ name: 'Mixed', scope: 'monitors', monitorIds: [stranger.monitorIds[0]], addresses: 'a@example.com' });
    expect((await refusal(createSchedule({ ctx, input: monitors }))).code).toBe('NOT_FOUND');
    expect(await listSchedules(owner.teamId)).toEqual([]);
    const mine = await createSchedule({ ctx, input: scheduleSchema.parse({ name: 'Mine', addresses: 'a@example.com' }) });
    expect((await refusal(createSchedule({ ctx, input: scheduleSchema.parse({ name: 'mine', addresses: 'b@example.com' }) }))).code).toBe('CONFLICT');
    expect((await refusal(deleteSchedule({ ctx: teamCtx(stranger.userId), input: { scheduleId: mine.id } }))).code).toBe('NOT_FOUND');
    expect((await refusal(sendScheduleNow({ ctx: teamCtx(stranger.userId), input: { scheduleId: mine.id } }))).code).toBe('NOT_FOUND');
    expect(await listSchedules(owner.teamId)).toHaveLength(1);
  });
});
