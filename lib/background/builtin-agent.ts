import 'server-only';
import { type CheckResult, runCheck } from '@/agent/checks';
import { Scheduler } from '@/agent/scheduler';
import { builtinAgentMonitors } from '@/db/queries/monitors';
import { builtinAgentIds } from '@/db/queries/agents';
import type { AgentMonitor } from '@/lib/contracts/agent-config';
import type { Heartbeat } from '@/lib/contracts/heartbeats';
import { hostOfTarget } from '@/lib/contracts/targets';
import { resolvesToPrivate } from '@/lib/net/private-targets';
import { getEnv } from '@/lib/env';
import { ingestBatch } from '@/lib/ingest/ingest-batch';
import { markAgentSeen } from '@/lib/agents/authenticate';
import { toAgentMonitor } from '@/lib/agents/config';
import { countHeartbeats } from '@/lib/ingest/count';
import { log } from '@/lib/observability/log';

// The "This server" agents: their checks run inside the leader instance with the
// agent's own scheduler and checks, and their results go through the same ingest
// function as any agent's batch, without HTTP.

const MAX_BUFFERED_PER_AGENT = 20_000;

/** Production without the operator's consent: resolve the target and refuse private addresses. */
async function privateTargetRefusal(monitor: AgentMonitor): Promise<CheckResult | null> {
  const env = getEnv();
  if (env.WATCHPOST_EMBEDDED || env.WATCHPOST_BUILTIN_AGENT_PRIVATE_TARGETS) return null;
  const host = hostOfTarget(monitor.type, monitor.target);
  if (!host) return null;
  if (await resolvesToPrivate(host)) {
    return {
      status: 'error',
      errorMessage: 'The built-in agent may not check private addresses on this server (the operator can allow it with WATCHPOST_BUILTIN_AGENT_PRIVATE_TARGETS=true).',
    };
  }
  return null;
}

/** One check as the built-in agent runs it (its private-address rule, then the agent's check): the monitor form's "Try it". */
export async function checkOnce(monitor: AgentMonitor): Promise<CheckResult> {
  return (await privateTargetRefusal(monitor)) ?? runCheck(monitor);
}

export class BuiltinAgentRunner {
  /** monitor id → its built-in agent */
  private readonly agentOf = new Map<string, string>();
  /** agent id → its owner's plan */
  private readonly planOf = new Map<string, string | null>();
  private readonly buffers = new Map<string, Heartbeat[]>();
  private readonly scheduler: Scheduler;
  private readonly flushTimer: NodeJS.Timeout;
  private flushing = false;

  constructor(concurrency = 32) {
    this.scheduler = new Scheduler({
      concurrency,
      runCheck: checkOnce,
      onResult: (heartbeat) => {
        const agentId = this.agentOf.get(heartbeat.monitorId);
        if (!agentId) return;
        const buffer = this.buffers.get(agentId) ?? [];
        buffer.push(heartbeat);
        if (buffer.length > MAX_BUFFERED_PER_AGENT) buffer.splice(0, buffer.length - MAX_BUFFERED_PER_AGENT);
        this.buffers.set(agentId, buffer);
      },
    });
    this.flushTimer = setInterval(() => void this.flush(), 2000);
    this.flushTimer.unref();
  }

  /** Load the built-in agents' monitors again and reschedule. */
  async refresh(): Promise<number> {
    const rows = await builtinAgentMonitors();
    this.agentOf.clear();
    this.planOf.clear();
    const monitors = rows.map((row) => {
      this.agentOf.set(row.id, row.agentId);
      this.planOf.set(row.agentId, row.plan);
      return toAgentMonitor(row);
    });
    this.scheduler.update(monitors);
    // The built-in agents are as alive as this leader: say so every round, or a monitor
    // with a long interval would show as stale between its checks, and a team's push
    // monitors (which no agent runs: the leader receives their pings) would go stale.
    await Promise.all((await builtinAgentIds()).map((agentId) => markAgentSeen(agentId).catch(() => undefined)));
    return monitors.length;
  }

  /** Send what the checks found through ingest; on failure it stays buffered for the next round. */
  async flush(): Promise<void> {
    if (this.flushing) return;
    this.flushing = true;
    try {
      for (const [agentId, buffer] of this.buffers) {
        if (buffer.length === 0) continue;
        const batch = buffer.splice(0, 1000);
        try {
          countHeartbeats(await ingestBatch({ id: agentId, plan: this.planOf.get(agentId) ?? null }, batch));
          await markAgentSeen(agentId).catch(() => undefined);
        } catch (error) {
          buffer.unshift(...batch);
          log.error('The built-in agent could not store its results; retrying.', { error });
          return;
        }
      }
    } finally {
      this.flushing = false;
    }
  }

  async stop(): Promise<void> {
    clearInterval(this.flushTimer);
    await this.scheduler.stop(5000);
    await this.flush();
  }
}
