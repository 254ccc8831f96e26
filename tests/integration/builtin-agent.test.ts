import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgent } from '@/lib/agents/manage';
import { BuiltinAgentRunner } from '@/lib/background/builtin-agent';
import { resetEnvCache } from '@/lib/env';
import { monitorFormSchema } from '@/lib/monitors/input';
import { createMonitor } from '@/lib/monitors/manage';
import { createTestUser, teamCtx } from '../helpers/fixtures';
import { testSql } from '../helpers/sql';

const sql = testSql();
let target: http.Server;
let port: number;

beforeAll(async () => {
  target = http.createServer((_req, res) => res.end('ok')).listen(0, '127.0.0.1');
  await new Promise((resolve) => target.once('listening', resolve));
  port = (target.address() as AddressInfo).port;
});
afterAll(async () => {
  target.close();
  await sql.end();
});

const until = async (condition: () => Promise<boolean>, timeoutMs = 15_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

async function builtinMonitor() {
  const user = await createTestUser('builtin');
  const ctx = teamCtx(user.userId);
  const { id: agentId } = await createAgent({ ctx, input: { name: 'This server', kind: 'builtin' } });
  process.env.WATCHPOST_BUILTIN_AGENT_PRIVATE_TARGETS = 'true';
  resetEnvCache();
  const { id } = await createMonitor({ ctx, input: monitorFormSchema.parse({ name: 'Local', agentId, type: 'http', target: `http://127.0.0.1:${port}/`, failureThreshold: '1' }) });
  await sql`UPDATE monitors SET interval_seconds = 1, timeout_seconds = 1 WHERE id = ${id}`;
  return id;
}

const status = async (id: string) => (await sql`SELECT status FROM monitors WHERE id = ${id}`)[0]?.status;

describe('the built-in agent', () => {
  it("runs its monitors' checks inside the server and stores them through ingest: up, then down with an incident", async () => {
    const monitorId = await builtinMonitor();
    const runner = new BuiltinAgentRunner();
    try {
      expect(await runner.refresh()).toBeGreaterThanOrEqual(1);
      await until(async () => (await status(monitorId)) === 'up');
      target.closeAllConnections();
      await new Promise((resolve) => target.close(resolve));
      await until(async () => (await status(monitorId)) === 'down');
      const [incident] = await sql`SELECT status FROM incidents WHERE monitor_id = ${monitorId}`;
      expect(incident?.status).toBe('open');
    } finally {
      await runner.stop();
      target.listen(port, '127.0.0.1');
    }
  }, 30_000);

  it('in production mode, refuses private addresses unless the operator allows them', async () => {
    const monitorId = await builtinMonitor();
    process.env.WATCHPOST_BUILTIN_AGENT_PRIVATE_TARGETS = 'false';
    process.env.WATCHPOST_EMBEDDED = 'false';
    resetEnvCache();
    const runner = new BuiltinAgentRunner();
    try {
      await runner.refresh();
      await until(async () => (await sql`SELECT 1 FROM heartbeats WHERE monitor_id = ${monitorId}`).length > 0);
      const [heartbeat] = await sql`SELECT status, error_message FROM heartbeats WHERE monitor_id = ${monitorId} LIMIT 1`;
      expect(heartbeat).toMatchObject({ status: 'error', error_message: expect.stringMatching(/may not check private addresses/) });
    } finally {
      await runner.stop();
    }
  }, 30_000);
});
