import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createChannel } from '@/lib/notifications/manage';
import { parseKindFields } from '@/lib/notifications/kinds';
import { createStatusPage } from '@/lib/status-pages/manage';
import { statusPageFormSchema } from '@/lib/status-pages/schemas';
import { refreshAllRollups } from '@/lib/rollups/refresh';
import { runAdmin } from '../helpers/admin';
import { emptyDatabase } from '../helpers/empty-database';
import { teamCtx } from '../helpers/fixtures';
import { agentWithMonitors, at, postHeartbeats } from '../helpers/ingest';
import { testSql } from '../helpers/sql';
import { tempDataDir } from '../helpers/temp-dir';

// npm run admin -- backup / restore, as an operator runs them: a populated instance (this
// file's database) round-trips into an empty one, every table's rows compared.

const sql = testSql();
const target = emptyDatabase('restore_target');
const folder = tempDataDir('backup');
afterAll(async () => {
  await sql.end();
  folder.remove();
});

/** Every Watchpost table with its row count and a fingerprint of all its rows. */
async function fingerprint(db: typeof sql): Promise<Record<string, string>> {
  const tables = await db<{ name: string }[]>`
    SELECT c.relname AS name FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1`;
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    // The migrations' bookkeeping: which ones, not when they ran.
    const rows = name === 'watchpost_migrations' ? `(SELECT tag, hash FROM ${name})` : `"${name}"`;
    const [row] = await db.unsafe(`SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS hash FROM ${rows} t`);
    result[name] = `${row!.n} ${row!.hash}`;
  }
  return result;
}

describe('backup and restore', () => {
  it('round-trip a populated instance into an empty database, refusing a non-empty one without --force and a damaged file', async () => {
    const owner = await agentWithMonitors(2);
    const ctx = teamCtx(owner.userId);
    const base = Date.now() - 10 * 60_000;
    // Checks with awkward text (tabs, line breaks, backslashes, non-Latin letters), an
    // incident, a year-old row (the default partition), rollups, a channel with secrets, a status page.
    const response = await postHeartbeats(owner.token, {
      heartbeats: [
        ...[0, 30, 60, 90].map((s) => ({ monitorId: owner.monitorIds[0]!, time: at(base, s), status: 'down', errorMessage: 'tab\there\nnew line \\. back\\slash — Ελλάδα' })),
        ...[0, 30, 60].map((s) => ({ monitorId: owner.monitorIds[1]!, time: at(base, s), status: 'up', latencyMs: 12 + s })),
      ],
    });
    expect(response.status).toBe(202);
    await sql`INSERT INTO heartbeats (time, monitor_id, agent_id, status) VALUES (now() - interval '400 days', ${owner.monitorIds[1]!}, ${owner.agentId}, 'up')`;
    await refreshAllRollups();
    const parsed = parseKindFields('webhook', { url: 'https://hooks.example.com/watchpost' }, false);
    if ('problems' in parsed) throw new Error(JSON.stringify(parsed.problems));
    await createChannel({ ctx, input: { name: 'hook', kind: 'webhook', allMonitors: true, monitorIds: [], ...parsed } });
    await createStatusPage({ ctx, input: statusPageFormSchema.parse({ title: 'Public status', slug: `status-${owner.userId.slice(0, 8)}`, timeZone: 'UTC' }) });
    const [counts] = await sql`SELECT (SELECT count(*)::int FROM incidents) AS incidents, (SELECT count(*)::int FROM monitor_rollups_hourly) AS rollups`;
    expect(counts!.incidents).toBeGreaterThan(0);
    expect(counts!.rollups).toBeGreaterThan(0);

    const file = path.join(folder.dir, 'watchpost.backup');
    const backup = await runAdmin(['backup', file]);
    expect(backup.stderr).toBe('');
    expect(backup).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Backed up [\d,]+ rows of \d+ tables to .*\nKeep AUTH_SECRET and WATCHPOST_ENCRYPTION_KEY with it/) });

    const source = await fingerprint(sql);
    const restored = await runAdmin(['restore', file], { DATABASE_URL: target.url });
    expect(restored.stderr).toBe('');
    expect(restored).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Restored [\d,]+ rows of \d+ tables from /) });
    expect(await fingerprint(target.sql)).toEqual(source);
    // The restored instance works on: serial ids go on past the restored ones.
    const [{ seq, top }] = (await target.sql`SELECT nextval(pg_get_serial_sequence('notification_attempts', 'id'))::int AS seq, (SELECT coalesce(max(id), 0)::int FROM notification_attempts) AS top`) as unknown as [{ seq: number; top: number }];
    expect(seq).toBeGreaterThan(top);

    // Into a database with rows: refused, and nothing changed.
    const again = await runAdmin(['restore', file], { DATABASE_URL: target.url });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/The database is not empty \(.*\): restore into an empty database, or add --force/);
    await target.sql`UPDATE monitors SET name = 'changed after restore'`;
    const changed = await fingerprint(target.sql);
    // A damaged file: refused, nothing changed.
    const damaged = path.join(folder.dir, 'damaged.backup');
    const bytes = readFileSync(file);
    writeFileSync(damaged, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const cut = await runAdmin(['restore', damaged, '--force'], { DATABASE_URL: target.url });
    expect(cut.code).toBe(1);
    expect(cut.stderr).toMatch(/damaged or cut short|ends too early/);
    expect(await fingerprint(target.sql)).toEqual(changed);
    writeFileSync(damaged, 'not a backup\n');
    expect((await runAdmin(['restore', damaged], { DATABASE_URL: target.url })).stderr).toMatch(/is not a Watchpost backup/);
    expect((await runAdmin(['restore'], { DATABASE_URL: target.url })).code).toBe(2);

    // --force replaces everything.
    expect((await runAdmin(['restore', file, '--force'], { DATABASE_URL: target.url })).code).toBe(0);
    expect(await fingerprint(target.sql)).toEqual(source);
  }, 120_000);
});
