import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase } from '@/db';
import { startEmbeddedDatabase, type RunningEmbeddedDatabase } from '@/db/embedded';
import { withMigrationConnection } from '@/db/migration-connection';
import { migrateUp } from '@/db/migrator';
import { resetEnvCache } from '@/lib/env';
import { tempDataDir } from '../helpers/temp-dir';
import { agentWithMonitors, at, postHeartbeats } from '../helpers/ingest';

// The database stops while batches are in flight, then comes back: refused batches get
// 503 with Retry-After, no batch is half-written, and ingest works again without
// restarting the app. On a PostgreSQL of this test's own.

const data = tempDataDir('ingest-down');
let cluster: RunningEmbeddedDatabase;

beforeAll(async () => {
  cluster = await startEmbeddedDatabase({ dataDir: data.dir, password: 'down-pw' });
  await withMigrationConnection(cluster.url, (conn) => migrateUp(conn));
  process.env.DATABASE_URL = cluster.url;
  process.env.INGEST_MAX_REQUESTS_PER_MINUTE = '100000';
  resetEnvCache();
  await closeDatabase();
});

afterAll(async () => {
  await closeDatabase();
  await cluster.stop();
  data.remove();
});

describe('ingest while the database goes down and comes back', () => {
  it('answers 503 with Retry-After, writes each batch whole or not at all, and recovers by itself', async () => {
    const { token, agentId, monitorIds } = await agentWithMonitors(4);
    // Batch k lies k × 1000 s after base: all of them in the past, within the retention.
    const base = Date.now() - 2 * 86_400_000;
    const batchSize = 200;
    const batch = (k: number) => ({
      heartbeats: Array.from({ length: batchSize }, (_, i) => ({ monitorId: monitorIds[i % 4], time: at(base, k * 1000 + i), status: 'up' })),
    });
    expect((await postHeartbeats(token, batch(0))).status).toBe(202);

    const inFlight = Array.from({ length: 30 }, (_, k) => postHeartbeats(token, batch(k + 1)));
    // Long enough that some batches commit before the stop, short enough that others do not.
    await new Promise((resolve) => setTimeout(resolve, 60));
    await cluster.stop();
    const answers = await Promise.all(inFlight);
    const afterStop = await postHeartbeats(token, batch(99));

    for (const response of [...answers, afterStop]) {
      expect([202, 503]).toContain(response.status);
      if (response.status === 503) {
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        expect((await response.json()).error.code).toBe('UNAVAILABLE');
      }
    }
    expect(afterStop.status).toBe(503);

    cluster = await startEmbeddedDatabase({ dataDir: data.dir, password: 'down-pw', port: cluster.port });
    const sql = postgres(cluster.url, { max: 1 });
    try {
      const perBatch = await sql<{ k: number; n: number }[]>`
        SELECT floor((extract(epoch FROM time) * 1000 - ${base}) / 1000000)::int AS k, count(*)::int AS n
        FROM heartbeats WHERE agent_id = ${agentId} GROUP BY 1`;
      const stored = new Map(perBatch.map((row) => [row.k, row.n]));
      expect(stored.get(0)).toBe(batchSize);
      answers.forEach((response, index) => {
        const n = stored.get(index + 1) ?? 0;
        // Whole or nothing; and whatever was answered 202 is there.
        expect([0, batchSize]).toContain(n);
        if (response.status === 202) expect(n).toBe(batchSize);
      });
    } finally {
      await sql.end();
    }

    // The same app, with no restart, ingests again: at once, or at the agent's first retry
    // (a pooled connection may only now find out that its server went away), which waits
    // out the answer's Retry-After as the agent does (a client back sooner is refused again).
    let response = await postHeartbeats(token, batch(100));
    for (let attempt = 1; attempt < 5 && response.status !== 202; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? 1) * 1000));
      response = await postHeartbeats(token, batch(100));
    }
    expect(response.status).toBe(202);
  }, 60_000);
});
