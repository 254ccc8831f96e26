import 'server-only';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { readDb } from '@/db';
import { agents, domainExpiries, monitors, rdapBootstrap } from '@/db/schema';

// What domain expiry reads: the targets of monitors that name a registered host (all
// teams', for the leader; one team's, for its page), the expiries known, the bootstrap.

const TYPES = ['http', 'tls', 'dns'];

const targetColumns = { teamId: agents.teamId, monitorId: monitors.id, name: monitors.name, type: monitors.type, target: monitors.target };
const namesAHost = and(inArray(monitors.type, TYPES), sql`${monitors.enabled} IS NOT FALSE`);

/** Targets of every team's enabled http, tls and dns monitors (the leader's lookups and warnings). */
export async function domainMonitorTargets() {
  return readDb.select(targetColumns).from(monitors).innerJoin(agents, eq(monitors.agentId, agents.id)).where(namesAHost);
}

/** The same for one team (its Certificates and domains page). */
export async function teamDomainMonitorTargets(teamId: string) {
  return readDb.select(targetColumns).from(monitors).innerJoin(agents, eq(monitors.agentId, agents.id)).where(and(namesAHost, eq(agents.teamId, teamId)));
}

export async function domainExpiriesOf(domains: string[]) {
  if (domains.length === 0) return [];
  return readDb.select().from(domainExpiries).where(inArray(domainExpiries.domain, domains));
}

export async function storedBootstrap(url: string) {
  const [row] = await readDb.select().from(rdapBootstrap).where(eq(rdapBootstrap.url, url));
  return row ?? null;
}
