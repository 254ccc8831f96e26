import { randomBytes, randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase } from '@/db';
import { probeDatabaseRoute } from '@/db/pooler';
import { createAgent } from '@/lib/agents/manage';
import { resetEnvCache } from '@/lib/env';
import { acknowledgeIncident } from '@/lib/incidents/manage';
import { monitorFormSchema } from '@/lib/monitors/input';
import { createMonitor } from '@/lib/monitors/manage';
import { createChannel } from '@/lib/notifications/manage';
import { parseKindFields } from '@/lib/notifications/kinds';
import { createStatusPage } from '@/lib/status-pages/manage';
import { createPost } from '@/lib/status-pages/posts';
import { statusPageFormSchema } from '@/lib/status-pages/schemas';
import { createTestUser, teamCtx } from '../helpers/fixtures';
import { at, postHeartbeats } from '../helpers/ingest';
import { npmStart } from '../helpers/npm-start';
import { startPgBouncer, type Bouncer } from '../helpers/pgbouncer';
import { testSql } from '../helpers/sql';

// Behind a transaction pooler (Debian's PgBouncer, pool_mode = transaction) every write
// the app reports as done must be in the database, and nothing else: the same journeys run
// through PgBouncer and over a direct connection, and a direct connection checks the rows.

const directUrl = process.env.DATABASE_URL!;
const sql = testSql(directUrl);
let bouncer: Bouncer;

beforeAll(async () => {
  bouncer = await startPgBouncer(directUrl, { poolSize: 10 });
});
afterAll(async () => {
  await closeDatabase();
  process.env.DATABASE_URL = directUrl;
  delete process.env.DATABASE_POOLER;
  delete process.env.DATABASE_DIRECT_URL;
  resetEnvCache();
  await bouncer?.stop();
  await sql.end();
});

async function useDatabase(mode: 'direct' | 'pgbouncer') {
  if (mode === 'pgbouncer') {
    process.env.DATABASE_URL = bouncer.url;
    process.env.DATABASE_POOLER = 'transaction';
    process.env.DATABASE_DIRECT_URL = directUrl;
  } else {
    process.env.DATABASE_URL = directUrl;
    delete process.env.DATABASE_POOLER;
    delete process.env.DATABASE_DIRECT_URL;
  }
  resetEnvCache();
  // After the configuration changed: the next use opens a pool with it.
  await closeDatabase();
}

/** Every journey of a team of users, recording each success the app reported. */
async function journeys() {
  const reported = { users: [] as string[], agents: [] as string[], monitors: [] as string[], channels: [] as string[], pages: [] as string[], posts: [] as string[], acknowledged: [] as string[], heartbeats: 0 };
  const people = [];
  for (let i = 0; i < 3; i++) {
    const person = await createTestUser('pooled');
    reported.users.push(person.userId);
    people.push(person);
  }
  const probes: { userId: string; token: string; monitorIds: string[] }[] = [];
  for (const person of people) {
    const ctx = teamCtx(person.userId);
    // Created one after another, as on /agents: the first of these was the one that vanished.
    for (let a = 0; a < 3; a++) {
      const agent = await createAgent({ ctx, input: { name: `probe-${a}-${randomUUID().slice(0, 6)}`, kind: 'remote' } });
      expect(agent.token).toMatch(/^wpa_/);
      reported.agents.push(agent.id);
      const monitorIds = [];
      for (let m = 0; m < 2; m++) {
        const input = monitorFormSchema.parse({ name: `m${a}${m}`, agentId: agent.id, type: 'tcp', target: `db${m}.internal:5432`, failureThreshold: '1' });
        const monitor = await createMonitor({ ctx, input });
        reported.monitors.push(monitor.id);
        monitorIds.push(monitor.id);
      }
      probes.push({ userId: person.userId, token: agent.token!, monitorIds });
    }
    const parsed = parseKindFields('webhook', { url: 'https://hooks.example.com/watchpost' }, false);
    if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
    const channel = await createChannel({ ctx, input: { name: `hook-${randomUUID().slice(0, 5)}`, kind: 'webhook', allMonitors: true, monitorIds: [], ...parsed } });
    reported.channels.push(channel.id);
  }

  // Three batches per agent, one after another as an agent sends them, all agents at once
  // (fewer than the pool, so admission never answers 503); the last check of each agent's
  // first monitor fails, which opens an incident.
  const base = Date.now() - 3_600_000;
  await Promise.all(
    probes.map(async (probe) => {
      for (const batch of [0, 1, 2]) {
        const answer = await postHeartbeats(probe.token, {
          heartbeats: probe.monitorIds.flatMap((monitorId, m) =>
            Array.from({ length: 150 }, (_, i) => {
              const failing = m === 0 && batch === 2 && i === 149;
              return { monitorId, time: at(base, batch * 150 + i), status: failing ? 'down' : 'up', latencyMs: 5 };
            }),
          ),
        });
        expect(answer.status).toBe(202);
        reported.heartbeats += ((await answer.json()) as { accepted: number }).accepted;
      }
    }),
  );

  for (const probe of probes) {
    const [incident] = await sql<{ id: string }[]>`SELECT id FROM incidents WHERE monitor_id = ${probe.monitorIds[0]!} AND resolved_at IS NULL`;
    expect(incident, 'a failing check opened an incident').toBeDefined();
    await acknowledgeIncident({ ctx: teamCtx(probe.userId), input: { incidentId: incident!.id } });
    reported.acknowledged.push(incident!.id);
  }

  for (const person of people) {
    const ctx = teamCtx(person.userId);
    const page = await createStatusPage({ ctx, input: statusPageFormSchema.parse({ title: 'Acme', slug: `acme-${randomUUID().slice(0, 8)}`, timeZone: 'UTC' }) });
    reported.pages.push(page.id);
    const post = await createPost({ ctx, input: { pageId: page.id, title: 'Slow checkout', impact: 'minor', componentIds: [], state: 'investigating', body: 'Looking into it.' } });
    reported.posts.push(post.id);
  }
  return reported;
}

async function stored(userIds: string[]) {
  const ids = async (query: Promise<{ id: string }[]>) => (await query).map((row) => row.id).sort();
  return {
    users: await ids(sql`SELECT id FROM users WHERE id = ANY(${userIds}::uuid[])`),
    agents: await ids(sql`SELECT id FROM agents WHERE user_id = ANY(${userIds}::uuid[])`),
    monitors: await ids(sql`SELECT m.id FROM monitors m JOIN agents a ON a.id = m.agent_id WHERE a.user_id = ANY(${userIds}::uuid[])`),
    channels: await ids(sql`SELECT id FROM notification_channels WHERE user_id = ANY(${userIds}::uuid[])`),
    pages: await ids(sql`SELECT id FROM status_pages WHERE user_id = ANY(${userIds}::uuid[])`),
    posts: await ids(sql`SELECT p.id FROM status_page_posts p JOIN status_pages s ON s.id = p.page_id WHERE s.user_id = ANY(${userIds}::uuid[])`),
    acknowledged: await ids(sql`
      SELECT i.id FROM incidents i JOIN monitors m ON m.id = i.monitor_id JOIN agents a ON a.id = m.agent_id
      WHERE a.user_id = ANY(${userIds}::uuid[]) AND i.status = 'acknowledged' AND i.acknowledged_by = a.user_id`),
    heartbeats: Number(
      (await sql`SELECT count(*) AS n FROM heartbeats h JOIN agents a ON a.id = h.agent_id WHERE a.user_id = ANY(${userIds}::uuid[])`)[0]!.n,
    ),
  };
}

describe.each(['pgbouncer', 'direct'] as const)('every write the app reports is stored (%s)', (mode) => {
  it('sign-up, agents, monitors, concurrent heartbeat batches, acknowledge, channels, status page posts', async () => {
    await useDatabase(mode);
    const reported = await journeys();
    expect(reported.heartbeats).toBe(9 * 3 * 300);
    const sorted = Object.fromEntries(Object.entries(reported).map(([key, value]) => [key, Array.isArray(value) ? [...value].sort() : value]));
    expect(await stored(reported.users)).toEqual(sorted);
  });
});

describe('the cause, in the driver', () => {
  it('a transaction whose COMMIT the pooler turns into ROLLBACK is an error, not a success', async () => {
    // postgres.js's default: named prepared statements, `commit` among them. A transaction
    // on a second server connection binds the `commit` prepared on the first, which does not
    // exist there; the error aborts the transaction, the driver retries the COMMIT, and the
    // server answers it with ROLLBACK. Unpatched, `begin` resolved and the row was gone.
    await sql`CREATE TABLE pooled_rows (n int)`;
    const tight = await startPgBouncer(directUrl, { poolSize: 2 });
    const client = postgres(tight.url, { max: 1, onnotice: () => undefined });
    const other = postgres(tight.url, { max: 1, onnotice: () => undefined });
    try {
      await client.begin((tx) => tx`INSERT INTO pooled_rows VALUES (1)`);
      let second: Promise<unknown> = Promise.resolve();
      // `other` holds the first server connection, so the client's next transaction gets the second.
      await other.begin(async (tx) => {
        await tx`SELECT 1`;
        second = client.begin((tx2) => tx2`INSERT INTO pooled_rows (n) VALUES (2)`);
        await second.catch(() => undefined);
      });
      await expect(second).rejects.toMatchObject({ code: 'TRANSACTION_ROLLED_BACK' });
      expect(await sql`SELECT n FROM pooled_rows ORDER BY n`).toEqual([{ n: 1 }]);
    } finally {
      await client.end();
      await other.end();
      await tight.stop();
    }
  });

  it('tells a pooler from PostgreSQL itself by the backend pid', async () => {
    expect(await probeDatabaseRoute(bouncer.url)).toBe('pooled');
    expect(await probeDatabaseRoute(directUrl)).toBe('direct');
  });
});

describe('npm start behind a pooler', () => {
  const secrets = { AUTH_SECRET: randomBytes(32).toString('base64'), WATCHPOST_ENCRYPTION_KEY: randomBytes(32).toString('base64') };

  it('refuses a pooler that DATABASE_POOLER does not declare, saying what to set', async () => {
    const { code, output } = await npmStart({ ...secrets, DATABASE_URL: bouncer.url });
    expect(code).toBe(1);
    expect(output).toMatch(/Configuration error: DATABASE_URL reaches PostgreSQL through a connection pooler .*set DATABASE_POOLER=transaction and DATABASE_DIRECT_URL/);
    expect(output).not.toMatch(/\n\s+at /);
  });

  it('refuses transaction pooling without a direct URL, and a "direct" URL that is a pooler', async () => {
    const missing = await npmStart({ ...secrets, DATABASE_URL: bouncer.url, DATABASE_POOLER: 'transaction' });
    expect(missing.code).toBe(1);
    expect(missing.output).toMatch(/Configuration error: DATABASE_DIRECT_URL is not set: with DATABASE_POOLER=transaction/);
    const pooled = await npmStart({ ...secrets, DATABASE_URL: bouncer.url, DATABASE_POOLER: 'transaction', DATABASE_DIRECT_URL: bouncer.url });
    expect(pooled.code).toBe(1);
    expect(pooled.output).toMatch(/Configuration error: DATABASE_DIRECT_URL reaches PostgreSQL through a connection pooler/);
  });
});
