import { afterAll, describe, expect, it } from 'vitest';
import { leadership } from '@/lib/background/leader';
import { deleteExpiredHeartbeats, deleteExpiredNotifications } from '@/lib/retention/delete-expired';
import { agentWithMonitors } from '../helpers/ingest';
import { testSql } from '../helpers/sql';

const sql = testSql();
afterAll(() => sql.end());

describe('retention', () => {
  it("deletes raw heartbeats older than each owner's plan retention, in bounded batches, and keeps incidents", async () => {
    const free = await agentWithMonitors(1);
    const pro = await agentWithMonitors(1);
    await sql`UPDATE users SET plan = 'free' WHERE id = ${free.userId}`;
    // The longest plan's rows go row by row a week after its retention (before that, their
    // whole week is dropped: tests/integration/partitions.test.ts).
    const daysAgo = [400, 373, 200, 31, 29, 1];
    for (const { agentId, monitorIds } of [free, pro]) {
      for (const days of daysAgo) {
        await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES (now() - make_interval(days => ${days}), ${monitorIds[0]!}, ${agentId}, 'up')`;
      }
      await sql`INSERT INTO incidents (monitor_id, started_at, resolved_at, status) VALUES (${monitorIds[0]!}, now() - interval '300 days', now() - interval '299 days', 'resolved')`;
    }

    expect(await deleteExpiredHeartbeats({ batchSize: 2 })).toBe(4 + 2);

    const left = async (monitorId: string) =>
      (await sql`SELECT round(extract(epoch FROM now() - time) / 86400)::int AS days FROM heartbeats WHERE monitor_id = ${monitorId} ORDER BY time`).map((r) => r.days);
    expect(await left(free.monitorIds[0]!)).toEqual([29, 1]);
    expect(await left(pro.monitorIds[0]!)).toEqual([200, 31, 29, 1]);
    const [incidents] = await sql`SELECT count(*)::int AS n FROM incidents WHERE monitor_id IN (${free.monitorIds[0]!}, ${pro.monitorIds[0]!})`;
    expect(incidents?.n).toBe(2);
    expect(await deleteExpiredHeartbeats()).toBe(0);
  });

  it('deletes notification events after 90 days with their deliveries, but never one still being retried', async () => {
    const { userId } = await agentWithMonitors(1);
    const [channel] = await sql`INSERT INTO notification_channels (user_id, name, kind, secrets_encrypted) VALUES (${userId}, 'hook', 'webhook', '\\x00') RETURNING id`;
    const event = async (daysAgo: number, state: string) => {
      const [row] = await sql`INSERT INTO notification_events (user_id, kind, payload, created_at) VALUES (${userId}, 'test', '{}'::jsonb, now() - make_interval(days => ${daysAgo})) RETURNING id`;
      await sql`INSERT INTO notification_deliveries (event_id, channel_id, state) VALUES (${row!.id}, ${channel!.id}, ${state})`;
      return row!.id as string;
    };
    const old = await event(91, 'delivered');
    const retrying = await event(91, 'queued');
    const recent = await event(89, 'failed');
    expect(await deleteExpiredNotifications({ batchSize: 1 })).toBe(1);
    const left = (await sql`SELECT id FROM notification_events WHERE user_id = ${userId}`).map((row) => row.id);
    expect(left.sort()).toEqual([retrying, recent].sort());
    expect(await sql`SELECT 1 FROM notification_deliveries WHERE event_id = ${old}`).toHaveLength(0);
  });

  it('runs in exactly one instance: one holder of the leader lock at a time, and another takes over when it goes', async () => {
    const url = process.env.DATABASE_URL!;
    const [a, b] = [leadership(url), leadership(url)];
    try {
      expect(await a.tryAcquire()).toBe(true);
      expect(await b.tryAcquire()).toBe(false);
      expect(await a.tryAcquire()).toBe(true);
      await a.close();
      expect(await b.tryAcquire()).toBe(true);
      expect(b.isLeader()).toBe(true);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
