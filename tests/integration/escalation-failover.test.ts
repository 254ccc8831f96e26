import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { db } from '@/db';
import { createPolicy, setMonitorPolicy } from '@/lib/escalation/manage';
import { policySchema } from '@/lib/escalation/schemas';
import { parseKindFields } from '@/lib/notifications/kinds';
import { createChannel } from '@/lib/notifications/manage';
import { teamCtx } from '../helpers/fixtures';
import { agentWithMonitors, postHeartbeats } from '../helpers/ingest';
import { startReceiver } from '../helpers/receiver';
import { testSql } from '../helpers/sql';
import { notifyLocally } from '../helpers/notify-env';

// Two instances' background work as real processes; the leader is killed with SIGKILL
// between two escalation steps. The next step is due at a time stored in the database, so
// the instance that takes over sends it: once, and on time (within its rounds).

const sql = testSql();
let receiver: Awaited<ReturnType<typeof startReceiver>>;
const children: ChildProcess[] = [];

beforeAll(async () => {
  notifyLocally();
  receiver = await startReceiver();
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await receiver.stop();
  await sql.end();
});

/** One instance's background work, its output kept to tell when it leads. */
function instance() {
  const child = spawn(process.execPath, ['--conditions', 'react-server', '--import', 'tsx', path.join(__dirname, '../helpers/background-child.ts')], {
    env: { ...process.env, WATCHPOST_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return { child, leads: () => output.includes('now runs the background work'), output: () => output };
}

const arrivals = (pathName: string) => receiver.received.filter((r) => r.path === pathName);

describe('escalation across a crash', () => {
  it('kill -9 the leader between steps: the next step still goes out once, on time', async () => {
    const owner = await agentWithMonitors(1, { failureThreshold: 1 });
    const monitorId = owner.monitorIds[0]!;
    const ctx = teamCtx(owner.userId);
    const hook = async (name: string) => {
      const parsed = parseKindFields('webhook', { url: `${receiver.url}/${name}` }, false);
      if ('problems' in parsed) throw new Error('hook');
      return createChannel({ ctx, input: { name, kind: 'webhook', allMonitors: true, monitorIds: [], events: [], ...parsed } });
    };
    const [primary, secondary] = [await hook('primary'), await hook('secondary')];
    const policy = await createPolicy({ ctx, input: policySchema.parse({ name: 'On-call', steps: [{ waitMinutes: 1, channelIds: [primary.id] }, { waitMinutes: 1, channelIds: [secondary.id] }] }) });
    await db.transaction((tx) => setMonitorPolicy(tx, ctx, monitorId, policy.id));

    const first = instance();
    await expect.poll(first.leads, { timeout: 30_000, interval: 200 }).toBe(true);
    const second = instance();
    await expect.poll(() => second.output().includes('started'), { timeout: 30_000, interval: 200 }).toBe(true);
    expect(second.leads()).toBe(false);

    expect((await postHeartbeats(owner.token, { heartbeats: [{ monitorId, time: new Date().toISOString(), status: 'down', errorMessage: 'refused' }] })).status).toBe(202);
    await expect.poll(() => arrivals('/primary').length, { timeout: 20_000, interval: 200 }).toBe(1);
    const [incident] = await sql<{ id: string }[]>`SELECT id FROM incidents WHERE monitor_id = ${monitorId}`;

    // Step 2 is due in 10 s (instead of the minute: the time is what the database says), and the leader dies now.
    const [due] = await sql<{ next_at: Date }[]>`UPDATE incident_escalations SET next_at = now() + interval '10 seconds' WHERE incident_id = ${incident!.id} RETURNING next_at`;
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));

    await expect.poll(second.leads, { timeout: 20_000, interval: 200 }).toBe(true);
    await expect.poll(() => arrivals('/secondary').length, { timeout: 30_000, interval: 200 }).toBe(1);
    const sentAt = Date.now();
    // On time: not before it was due, and within the new leader's rounds (escalation every 5 s, delivery every 2 s).
    expect(sentAt).toBeGreaterThanOrEqual(due!.next_at.getTime());
    expect(sentAt - due!.next_at.getTime()).toBeLessThan(15_000);
    const page = JSON.parse(arrivals('/secondary')[0]!.body);
    expect(page).toMatchObject({ type: 'incident.escalated', data: { escalation: { step: 2 }, incident: { id: incident!.id } } });

    // Once: a few more rounds later, still one page each, and the escalation is finished.
    await new Promise((resolve) => setTimeout(resolve, 7_000));
    expect(arrivals('/primary')).toHaveLength(1);
    expect(arrivals('/secondary')).toHaveLength(1);
    const [state] = await sql`SELECT stopped_because FROM incident_escalations WHERE incident_id = ${incident!.id}`;
    expect(state!.stopped_because).toBe('finished');
  }, 120_000);
});
