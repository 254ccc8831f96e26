import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDatabase, replicaStatus } from '@/db';
import { withMigrationConnection } from '@/db/migration-connection';
import { migrateUp } from '@/db/migrator';
import { runReads } from '@/db/reads';
import { listMonitors } from '@/db/queries/monitors';
import { dashboardMonitors } from '@/lib/dashboard/monitors';
import { resetEnvCache } from '@/lib/env';
import { metrics } from '@/lib/observability/metrics';
import { refreshDatabaseGauges } from '@/lib/observability/scrape';
import { agentWithMonitors } from '../helpers/ingest';
import { startPrimaryWithStandby, type PrimaryWithStandby } from '../helpers/standby';

// Reads from a real streaming replica: Debian's PostgreSQL 15 as primary, and a standby made
// with pg_basebackup -R, both started here. The app's pool is pointed at them (this file's
// own cluster), with DATABASE_READ_URL at the standby and a lag limit of 6 seconds.

const MAX_LAG = 6;
const originalUrl = process.env.DATABASE_URL;
let cluster: PrimaryWithStandby;
let primary: postgres.Sql;
let standby: postgres.Sql;

beforeAll(async () => {
  cluster = await startPrimaryWithStandby('watchpost');
  await withMigrationConnection(cluster.primaryUrl, (conn) => migrateUp(conn));
  primary = postgres(cluster.primaryUrl, { max: 1, onnotice: () => undefined });
  standby = postgres(cluster.standbyUrl, { max: 1, onnotice: () => undefined });
  process.env.DATABASE_URL = cluster.primaryUrl;
  process.env.DATABASE_READ_URL = cluster.standbyUrl;
  process.env.WATCHPOST_READ_MAX_LAG_SECONDS = String(MAX_LAG);
  resetEnvCache();
  await closeDatabase();
}, 180_000);

afterAll(async () => {
  await closeDatabase();
  await primary?.end();
  await standby?.end({ timeout: 1 }).catch(() => undefined);
  cluster?.stop();
  process.env.DATABASE_URL = originalUrl;
  delete process.env.DATABASE_READ_URL;
  delete process.env.WATCHPOST_READ_MAX_LAG_SECONDS;
  resetEnvCache();
});

/** A read as a page makes it: inside a request, pinned to the primary or not. */
const asRequest = <T>(work: () => Promise<T>, readPrimary = false) => runReads(!readPrimary, work);

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}: ${JSON.stringify(replicaStatus())}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function health() {
  const { GET } = await import('@/app/api/health/route');
  const response = await GET();
  return { status: response.status, body: (await response.json()) as { replica?: { state: string; lagSeconds: number | null } } };
}

async function gauges() {
  await refreshDatabaseGauges();
  const text = await metrics().registry.metrics();
  const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);
  return { lag: value('watchpost_replica_lag_seconds'), inUse: value('watchpost_replica_in_use') };
}

describe('a read replica', () => {
  it('serves reads while it keeps up, never a client its own stale writes, and falls back to the primary when it lags or stops', async () => {
    const owner = await agentWithMonitors(1);
    const names = async (readPrimary = false) => (await asRequest(() => listMonitors(owner.teamId), readPrimary)).map((m) => m.name).sort();
    await until(() => replicaStatus()?.inUse === true, 'the replica is in use');
    await until(async () => (await names()).length === 1, 'the replica has the first monitor');
    expect((await health()).body.replica).toMatchObject({ state: 'in_use' });
    const keepingUp = await gauges();
    expect(keepingUp.inUse).toBe(1);
    expect(keepingUp.lag).toBeGreaterThanOrEqual(0);
    expect(keepingUp.lag).toBeLessThanOrEqual(MAX_LAG);

    // Replay paused: the replica stays where it is while the primary moves on.
    await standby`SELECT pg_wal_replay_pause()`;
    await primary`UPDATE monitors SET name = 'renamed' WHERE id = ${owner.monitorIds[0]!}`;
    // A request that may lag reads the replica: the old name, proof of where it read.
    expect(await names()).toEqual(['m0']);
    // The page after a write, and background work, read the primary.
    expect(await names(true)).toEqual(['renamed']);
    expect((await listMonitors(owner.teamId)).map((m) => m.name)).toEqual(['renamed']);

    // Past the lag limit every read goes to the primary, and /metrics and /api/health say why.
    await until(() => replicaStatus()?.inUse === false, `the replica is more than ${MAX_LAG} s behind`, 30_000);
    expect(await names()).toEqual(['renamed']);
    expect((await asRequest(() => dashboardMonitors(owner.teamId, 30, {}))).monitors.map((m) => m.name)).toEqual(['renamed']);
    expect((await gauges()).lag).toBeGreaterThan(MAX_LAG);
    expect((await gauges()).inUse).toBe(0);
    const behind = await health();
    expect(behind.status).toBe(200);
    expect(behind.body.replica?.state).toBe('behind');
    expect(behind.body.replica?.lagSeconds).toBeGreaterThan(MAX_LAG);

    // Caught up again: back to the replica.
    await standby`SELECT pg_wal_replay_resume()`;
    await until(() => replicaStatus()?.inUse === true, 'the replica caught up');
    expect(await names()).toEqual(['renamed']);

    // The standby stops in the middle of page reads: none of them fails.
    const errors: unknown[] = [];
    let reads = 0;
    let reading = true;
    const pages = (async () => {
      while (reading) {
        await asRequest(() => Promise.all([listMonitors(owner.teamId), dashboardMonitors(owner.teamId, 30, {})]))
          .then(([list, dashboard]) => {
            if (list.length !== 1 || dashboard.monitors.length !== 1) errors.push(new Error('a page lost its monitor'));
          })
          .catch((error: unknown) => errors.push(error));
        reads++;
      }
    })();
    await new Promise((resolve) => setTimeout(resolve, 300));
    cluster.stopStandby();
    await until(() => replicaStatus()?.reachable === false, 'the stopped replica is noticed');
    const afterStop = reads;
    await until(() => reads > afterStop + 5, 'more pages read after the stop');
    reading = false;
    await pages;
    expect(errors).toEqual([]);
    expect((await health()).body.replica?.state).toBe('unreachable');
    expect((await gauges())).toEqual({ lag: -1, inUse: 0 });

    // And started again: in use again without a restart of the app.
    cluster.startStandby();
    await until(() => replicaStatus()?.inUse === true, 'the restarted replica is in use', 30_000);
    expect(await names()).toEqual(['renamed']);
  }, 120_000);
});
