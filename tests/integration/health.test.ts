import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase } from '@/db';
import { startEmbeddedDatabase, type RunningEmbeddedDatabase } from '@/db/embedded';
import { resetEnvCache } from '@/lib/env';
import { tempDataDir } from '../helpers/temp-dir';

// GET /api/health against a database that is stopped and started under it. The app's
// pool is pointed at a PostgreSQL of this test's own, so stopping it harms no one else.

const data = tempDataDir('health');
let cluster: RunningEmbeddedDatabase;

beforeAll(async () => {
  cluster = await startEmbeddedDatabase({ dataDir: data.dir, password: 'health-pw' });
  process.env.DATABASE_URL = cluster.url;
  resetEnvCache();
  await closeDatabase();
});

afterAll(async () => {
  await closeDatabase();
  await cluster.stop();
  data.remove();
});

async function health() {
  const { GET } = await import('@/app/api/health/route');
  const response = await GET();
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('GET /api/health', () => {
  it('says ok with the version while the database answers', async () => {
    expect(await health()).toEqual({
      status: 200,
      body: { status: 'ok', database: 'ok', version: expect.stringMatching(/^\d+\.\d+\.\d+/) },
    });
  });

  it('answers 503 "unreachable" while the database is down, and ok again once it is back', async () => {
    await cluster.stop();
    const started = Date.now();
    const down = await health();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'degraded', database: 'unreachable' });
    // A health check that hangs is as bad as none: it answers within its own timeout.
    expect(Date.now() - started).toBeLessThan(10_000);

    cluster = await startEmbeddedDatabase({ dataDir: data.dir, password: 'health-pw', port: cluster.port });
    expect((await health()).status).toBe(200);
  });
});
