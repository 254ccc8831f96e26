import 'server-only';
import { randomUUID } from 'node:crypto';
import { toAgentMonitor } from '@/lib/agents/config';
import { checkOnce } from '@/lib/background/builtin-agent';
import { AppError } from '@/lib/errors';
import { perMinuteLimiter } from '@/lib/rate-limit/per-minute';
import { PERMISSIONS, requireRole, type TeamContext } from '@/lib/teams/roles';
import type { MonitorInput } from './input';

// "Try it" in the monitor form: the check as typed, run once by the server's built-in
// agent (the same check code every agent runs), under the built-in agent's rule on
// private addresses, so an editor sees the values their assertions would find.

const TRIES_PER_MINUTE = 10;
const tries = perMinuteLimiter();

export async function tryMonitorCheck({ ctx, input }: { ctx: TeamContext; input: MonitorInput }) {
  requireRole(ctx, PERMISSIONS.manageMonitors);
  if (input.type === 'push') throw new AppError('INVALID_INPUT', 'A push monitor is checked by its pings: there is nothing to try.');
  const { allowed, retryAfterSeconds } = tries(ctx.userId, TRIES_PER_MINUTE);
  if (!allowed) throw new AppError('RATE_LIMITED', `Ten tries a minute at most; try again in ${Math.ceil(retryAfterSeconds)} s.`);
  const monitor = toAgentMonitor({ id: randomUUID(), name: input.name, type: input.type, target: input.target, intervalSeconds: input.intervalSeconds, timeoutSeconds: input.timeoutSeconds, options: input.options });
  return checkOnce(monitor);
}
