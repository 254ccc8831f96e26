import 'server-only';
import { and, eq, sql } from 'drizzle-orm';
import { db } from '@/db';
import { agents, users } from '@/db/schema';
import { agentIdOfToken, decryptAgentToken, tokensMatch } from '@/lib/crypto/agent-keys';
import { serverKeys } from '@/lib/crypto/server-keys';
import { AppError, errorResponse } from '@/lib/errors';

export interface AuthenticatedAgent {
  id: string;
  name: string;
  userId: string;
  /** The owner's plan (its retention bounds what ingest accepts). */
  plan: string | null;
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
      userId: agents.userId,
      kind: agents.kind,
      apiKeyEncrypted: agents.apiKeyEncrypted,
      plan: users.plan,
    })
    .from(agents)
    .innerJoin(users, eq(users.id, agents.userId))
    .where(eq(agents.id, agentId));
  if (!agent || agent.kind !== 'remote' || !agent.userId) throw unauthorized();
  const stored = decryptAgentToken(agent.apiKeyEncrypted, agent.id, serverKeys().accepted);
  if (!stored || !tokensMatch(token, stored)) throw unauthorized();
  return { id: agent.id, name: agent.name, userId: agent.userId, plan: agent.plan };
}

// When this instance last wrote last_seen_at for each agent: ingest calls markAgentSeen on
// every batch, and a write a second per agent is plenty for "online" (3 × pollSeconds).
const lastMarked = new Map<string, number>();

/** Record that the agent was heard from (at most once a second per agent and instance). */
export async function markAgentSeen(agentId: string): Promise<void> {
  const now = Date.now();
  if (now - (lastMarked.get(agentId) ?? 0) < 1000) return;
  lastMarked.set(agentId, now);
  if (lastMarked.size > 100_000) lastMarked.clear();
  await db
    .update(agents)
    .set({ lastSeenAt: sql`now()`, status: 'online' })
    .where(and(eq(agents.id, agentId), sql`(${agents.lastSeenAt} IS NULL OR ${agents.lastSeenAt} < now() - interval '1 second')`));
}

/** An agent API error response; a 401 also says which scheme to use. */
export function agentApiError(error: unknown): Response {
  const response = errorResponse(error);
  if (response.status === 401) response.headers.set('WWW-Authenticate', 'Bearer');
  return response;
}
