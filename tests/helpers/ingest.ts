import { randomUUID } from 'node:crypto';
import { POST } from '@/app/api/v1/agent/heartbeats/route';
import { createAgent } from '@/lib/agents/manage';
import { monitorFormSchema } from '@/lib/monitors/input';
import { createMonitor } from '@/lib/monitors/manage';
import { createTestUser, teamCtx } from './fixtures';

export function postHeartbeats(token: string | null, body: unknown, headers: Record<string, string> = {}) {
  return POST(
    new Request('http://watchpost.test/api/v1/agent/heartbeats', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

/** A user with one remote agent and `count` monitors on it. */
export async function agentWithMonitors(count: number, thresholds: { failureThreshold?: number; recoveryThreshold?: number } = {}) {
  const user = await createTestUser('ingest');
  const ctx = teamCtx(user.userId);
  const agent = await createAgent({ ctx, input: { name: `probe-${randomUUID().slice(0, 6)}`, kind: 'remote' } });
  const monitorIds: string[] = [];
  for (let i = 0; i < count; i++) {
    const input = monitorFormSchema.parse({
      name: `m${i}`,
      agentId: agent.id,
      type: 'tcp',
      target: `db${i}.internal:5432`,
      failureThreshold: String(thresholds.failureThreshold ?? 2),
      recoveryThreshold: String(thresholds.recoveryThreshold ?? 1),
    });
    monitorIds.push((await createMonitor({ ctx, input })).id);
  }
  return { ...user, agentId: agent.id, token: agent.token!, monitorIds };
}

/** `count` seconds after `base`, as ISO-8601. */
export const at = (base: number, second: number) => new Date(base + second * 1000).toISOString();
