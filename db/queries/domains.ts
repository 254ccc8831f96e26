import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { db } from '@/db';
import { agents, domainExpiries, monitors, rdapBootstrap } from '@/db/schema';

// What domain expiry reads: the targets of monitors that name a registered host (all
// teams', for the leader; one team's, for its page), the expiries known, the bootstrap.

const TYPES = ['http', 'tls', 'dns'];

/** Targets of enabled http, tls and dns monitors, with their team; one team's when given. */
export async function domainMonitorTargets(teamId?: string) {
  return db
    .select({ teamId: agents.teamId, monitorId: monitors.id, name: monitors.name, type: monitors.type, target: monitors.target })
    .from(monitors)
    .innerJoin(agents, eq(monitors.agentId, agents.id))
    .where(and(inArray(monitors.type, TYPES), sql`${monitors.enabled} IS NOT FALSE`, teamId ? eq(agents.teamId, teamId) : undefined));
}

export async function domainExpiriesOf(domains: string[]) {
  if (domains.length === 0) return [];
  return db.select().from(domainExpiries).where(inArray(domainExpiries.domain, domains));
}

export async function storedBootstrap(url: string) {
  const [row] = await db.select().from(rdapBootstrap).where(eq(rdapBootstrap.url, url));
  return row ?? null;
}
