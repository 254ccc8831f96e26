import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { certificateExpiries, monitorCertificate, teamCertificates } from '@/db/queries/certificates';
import { sendCertificateWarnings } from '@/lib/checks/certificates/warnings';
import type { Certificate } from '@/lib/contracts/certificates';
import { type TlsOptions } from '@/lib/contracts/monitors';
import { monitorFormSchema } from '@/lib/monitors/input';
import { createChannel } from '@/lib/notifications/manage';
import { parseKindFields } from '@/lib/notifications/kinds';
import { renderMessage } from '@/lib/notifications/render';
import { createTestUser, teamCtx } from '../helpers/fixtures';
import { agentWithMonitors, postHeartbeats } from '../helpers/ingest';
import { testSql } from '../helpers/sql';

const sql = testSql();
afterAll(() => sql.end());

const DAY = 86_400_000;
function certificate(daysLeft: number, over: Partial<Certificate> = {}): Certificate {
  const notAfter = new Date(Date.now() + daysLeft * DAY + 3_600_000).toISOString();
  return {
    subject: 'shop.example.com',
    sans: ['shop.example.com', 'www.shop.example.com'],
    issuer: "Let's Encrypt · R11",
    serial: randomBytes(8).toString('hex').toUpperCase(),
    fingerprint: randomBytes(32).toString('hex').toUpperCase(),
    notBefore: new Date(Date.now() - 60 * DAY).toISOString(),
    notAfter,
    chainNotAfter: notAfter,
    ...over,
  };
}
const beat = (monitorId: string, secondsAgo: number, cert?: Certificate) => ({ monitorId, time: new Date(Date.now() - secondsAgo * 1000).toISOString(), status: 'up', latencyMs: 12, ...(cert ? { certificate: cert } : {}) });

async function webhookChannel(userId: string) {
  const parsed = parseKindFields('webhook', { url: 'https://hooks.example/watchpost' }, false);
  if ('problems' in parsed) throw new Error('channel');
  return createChannel({ ctx: teamCtx(userId), input: { name: `hook-${randomUUID().slice(0, 5)}`, kind: 'webhook', allMonitors: true, monitorIds: [], ...parsed } });
}
const certificateEvents = (channelId: string) =>
  sql<{ payload: Record<string, unknown>; created_at: Date; id: string }[]>`
    SELECT e.id, e.payload, e.created_at FROM notification_deliveries d JOIN notification_events e ON e.id = d.event_id
    WHERE d.channel_id = ${channelId} AND e.kind = 'certificate.expiring' ORDER BY e.created_at`;

describe('certificates from checks', () => {
  it('are kept once per fingerprint, as each monitor’s current one, with renewals recorded and late checks inert', async () => {
    const owner = await agentWithMonitors(2);
    const [a, b] = owner.monitorIds as [string, string];
    const first = certificate(40);
    expect((await postHeartbeats(owner.token, { heartbeats: [beat(a, 120, first), beat(b, 120, first)] })).status).toBe(202);
    const [{ n }] = (await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM certificates WHERE fingerprint = ${first.fingerprint}`) as unknown as [{ n: number }];
    expect(n).toBe(1);
    const renewed = certificate(90);
    await postHeartbeats(owner.token, { heartbeats: [beat(a, 60, renewed)] });
    // A late check with the old certificate changes nothing.
    await postHeartbeats(owner.token, { heartbeats: [beat(a, 90, first)] });
    const current = await monitorCertificate(owner.teamId, a);
    expect(current).toMatchObject({ fingerprint: renewed.fingerprint, subject: 'shop.example.com', sans: ['shop.example.com', 'www.shop.example.com'] });
    expect(current!.changes.map((c) => [c.previousFingerprint, c.fingerprint])).toEqual([
      [first.fingerprint, renewed.fingerprint],
      [null, first.fingerprint],
    ]);
    // The list: soonest first, with the monitors that see each; another team sees none.
    const listed = await teamCertificates(owner.teamId);
    expect(listed.map((c) => [c.fingerprint, c.monitors.length])).toEqual([
      [first.fingerprint, 1],
      [renewed.fingerprint, 1],
    ]);
    expect((await certificateExpiries(owner.teamId, [a, b])).get(b)?.toISOString()).toBe(new Date(first.chainNotAfter).toISOString());
    const stranger = await createTestUser('cert-stranger');
    expect(await teamCertificates(stranger.teamId)).toEqual([]);
    expect(await monitorCertificate(stranger.teamId, a)).toBeNull();
    // A malformed certificate refuses the batch.
    expect((await postHeartbeats(owner.token, { heartbeats: [beat(a, 10, { ...renewed, fingerprint: 'abc' })] })).status).toBe(400);
  });
});

describe('certificate.expiring', () => {
  it('goes out once per certificate and threshold, for the smallest threshold passed, not per monitor or check; a renewal stops it', async () => {
    const owner = await agentWithMonitors(2);
    const channel = await webhookChannel(owner.userId);
    const [a, b] = owner.monitorIds as [string, string];
    const expiring = certificate(10, { chainNotAfter: new Date(Date.now() + 10 * DAY + 3_600_000).toISOString(), notAfter: new Date(Date.now() + 200 * DAY).toISOString() });
    await postHeartbeats(owner.token, { heartbeats: [beat(a, 60, expiring), beat(b, 60, expiring), beat(a, 30, expiring)] });
    await sendCertificateWarnings();
    await sendCertificateWarnings();
    const events = await certificateEvents(channel.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({ thresholdDays: 14, certificate: { fingerprint: expiring.fingerprint }, certificateMonitors: [{ name: 'm0' }, { name: 'm1' }] });
    const message = renderMessage({ id: events[0]!.id, kind: 'certificate.expiring', payload: events[0]!.payload, createdAt: events[0]!.created_at }, 'https://watchpost.example');
    expect(message).toMatchObject({ title: 'Certificate expires in 10 days: shop.example.com', severity: 'warning', link: 'https://watchpost.example/certificates' });
    expect(message.summary).toMatch(/issued by Let's Encrypt · R11\) expires on .* UTC; used by m0, m1\.$/);
    // Five days later: the 7-day threshold.
    await sql`UPDATE certificates SET chain_not_after = chain_not_after - interval '5 days' WHERE fingerprint = ${expiring.fingerprint}`;
    await sendCertificateWarnings();
    expect((await certificateEvents(channel.id)).map((e) => e.payload.thresholdDays)).toEqual([14, 7]);
    // Renewed on both monitors: nothing more about the old one, nothing about the new one.
    const renewed = certificate(90);
    await postHeartbeats(owner.token, { heartbeats: [beat(a, 5, renewed), beat(b, 5, renewed)] });
    await sql`UPDATE certificates SET chain_not_after = now() + interval '12 hours' WHERE fingerprint = ${expiring.fingerprint}`;
    await sendCertificateWarnings();
    expect(await certificateEvents(channel.id)).toHaveLength(2);
  });

  it('follows each monitor’s own thresholds', async () => {
    const owner = await agentWithMonitors(1);
    const channel = await webhookChannel(owner.userId);
    const [a] = owner.monitorIds as [string];
    await sql`UPDATE monitors SET options = '{"certificateWarningDays":[45]}'::jsonb WHERE id = ${a}`;
    await postHeartbeats(owner.token, { heartbeats: [beat(a, 5, certificate(40))] });
    await sendCertificateWarnings();
    expect((await certificateEvents(channel.id)).map((e) => e.payload.thresholdDays)).toEqual([45]);
  });
});

describe('the tls monitor form', () => {
  const parse = (fields: Record<string, string>) => monitorFormSchema.safeParse({ name: 'Mail', agentId: randomUUID(), type: 'tls', target: 'mail.example.com:587', ...fields });
  it('takes host:port, SNI, STARTTLS and warning days, and refuses what does not fit', () => {
    const parsed = parse({ serverName: 'smtp.example.com', starttls: 'smtp', verifyTls: 'on', certificateWarningDays: '30, 7' });
    expect(parsed.success && (parsed.data.options as TlsOptions)).toEqual({ serverName: 'smtp.example.com', starttls: 'smtp', verifyTls: true, certificateWarningDays: [30, 7] });
    const errors = (fields: Record<string, string>) => {
      const result = parse(fields);
      return result.success ? {} : Object.fromEntries(result.error.issues.map((issue) => [String(issue.path[0]), issue.message]));
    };
    expect(errors({ target: 'mail.example.com' })).toHaveProperty('target');
    expect(errors({ serverName: 'not a host' })).toHaveProperty('serverName');
    expect(errors({ starttls: 'imap' })).toHaveProperty('starttls');
    expect(errors({ certificateWarningDays: '30, soon' })).toEqual({ certificateWarningDays: expect.stringMatching(/whole numbers of days/) });
  });
});
