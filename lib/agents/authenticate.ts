import 'server-only';
import { rejudgeMonitorsOfAgents } from '@/lib/ingest/ingest-batch';
import { and, eq, sql } from 'drizzle-orm';
import { db, runIn, sqlClient } from '@/db';
import { agents, teamMembers, users } from '@/db/schema';
import { agentIdOfToken, decryptAgentToken, tokensMatch } from '@/lib/crypto/agent-keys';
import { serverKeys } from '@/lib/crypto/server-keys';
import { AppError, errorResponse } from '@/lib/errors';
import { enqueueAgentEvent } from '@/lib/notifications/enqueue';

export interface AuthenticatedAgent {
  id: string;
  name: string;
  teamId: string;
  /** The plan of the team's owner (its retention bounds what ingest accepts). */
  plan: string | null;
  /** The agent's version, from its User-Agent (`Watchpost-Agent/0.2.0 …`); null if it did not say. */
  version: string | null;
}

/** The version in a Watchpost agent's User-Agent header, or null. */
export function agentVersionOf(userAgent: string | null): string | null {
  return /^Watchpost-Agent\/(\d{1,9}\.\d{1,9}\.\d{1,9}(?:[-+][0-9A-Za-z.-]{1,20})?)(?:\s|$)/.exec(userAgent ?? '')?.[1] ?? null;
}

// Missing, malformed, unknown, revoked, deleted or built-in: all the same answer.
const unauthorized = () => new AppError('UNAUTHORIZED', 'Missing or invalid agent token.');

/** The agent whose `Authorization: Bearer wpa_…` this request carries; anything else is 401. */
export async function authenticateAgent(request: Request): Promise<AuthenticatedAgent> {
  const match = /^Bearer ([^\s]+)$/.exec(request.headers.get('authorization') ?? '');
  const token = match?.[1] ?? '';
  const agentId = agentIdOfToken(token);
  if (!agentId) throw unauthorized();
  const [agent] = await db
    .select({
      id: agents.id,
      name: agents.name,
      teamId: agents.teamId,
      kind: agents.kind,
      apiKeyEncrypted: agents.apiKeyEncrypted,
      plan: users.plan,
    })
    .from(agents)
    .innerJoin(teamMembers, and(eq(teamMembers.teamId, agents.teamId), eq(teamMembers.role, 'owner')))
    .innerJoin(users, eq(users.id, teamMembers.userId))
    .where(eq(agents.id, agentId));
  if (!agent || agent.kind !== 'remote' || !agent.teamId) throw unauthorized();
  const stored = decryptAgentToken(agent.apiKeyEncrypted, agent.id, serverKeys().accepted);
  if (!stored || !tokensMatch(token, stored)) throw unauthorized();
  return { id: agent.id, name: agent.name, teamId: agent.teamId, plan: agent.plan, version: agentVersionOf(request.headers.get('user-agent')) };
}

// When this instance last wrote last_seen_at for each agent: ingest calls markAgentSeen on
// every batch, and a write a second per agent is plenty for "online" (3 × pollSeconds).
const lastMarked = new Map<string, number>();

/**
 * Record that the agent was heard from (at most once a second per agent and instance), and
 * the version it runs when it said. An agent the offline sweep had marked offline comes
 * back online here, and its owner's channels hear of it in the same transaction.
 */
export async function markAgentSeen(agentId: string, version: string | null = null): Promise<void> {
  const now = Date.now();
  if (now - (lastMarked.get(agentId) ?? 0) < 1000) return;
  lastMarked.set(agentId, now);
  if (lastMarked.size > 100_000) lastMarked.clear();
  const seen = await db
    .update(agents)
    .set({ lastSeenAt: sql`now()`, version: sql`coalesce(${version}::text, ${agents.version})` })
    .where(and(eq(agents.id, agentId), eq(agents.status, 'online'), sql`(${agents.lastSeenAt} IS NULL OR ${agents.lastSeenAt} < now() - interval '1 second')`))
    .returning({ id: agents.id });
  if (seen.length) return;
  // Offline (or seen within the last second by another instance): the rare path.
  const cameBack = await sqlClient().begin(async (tx) => {
    const [agent] = await tx<{ status: string | null; seen_before: boolean }[]>`
      SELECT status, last_seen_at IS NOT NULL AS seen_before FROM agents WHERE id = ${agentId} FOR UPDATE`;
    if (!agent || agent.status === 'online') return false;
    await tx`UPDATE agents SET last_seen_at = now(), status = 'online', version = coalesce(${version}::text, version) WHERE id = ${agentId}`;
    // A new agent's first contact is not a comeback.
    if (agent.seen_before) await enqueueAgentEvent(runIn(tx), 'agent.online', [agentId]);
    return true;
  });
  // Back: the monitors it is a location of have its vote again.
  if (cameBack) await rejudgeMonitorsOfAgents([agentId]);
}

/** Mark agents unseen for 3 × pollSeconds offline, notifying their owners' channels. Run by the leader. */
export async function sweepOfflineAgents(pollSeconds: number): Promise<number> {
  return sqlClient().begin(async (tx) => {
    const gone = await tx<{ id: string }[]>`
      UPDATE agents SET status = 'offline'
      WHERE kind = 'remote' AND status = 'online' AND last_seen_at < now() - make_interval(secs => ${3 * pollSeconds})
      RETURNING id`;
    await enqueueAgentEvent(runIn(tx), 'agent.offline', gone.map((row) => row.id));
    return gone.map((row) => row.id);
  }).then(async (gone) => {
    // The monitors they are a location of lost a vote: judge them again.
    await rejudgeMonitorsOfAgents(gone as string[]);
    return (gone as string[]).length;
  });
}

/** An agent API error response; a 401 also says which scheme to use. */
export function agentApiError(error: unknown): Response {
  const response = errorResponse(error);
  if (response.status === 401) response.headers.set('WWW-Authenticate', 'Bearer');
  return response;
}
