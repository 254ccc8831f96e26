import 'server-only';
import { sql } from 'drizzle-orm';
import { db, runIn, sqlClient } from '@/db';
import { domainExpiriesOf, domainMonitorTargets, storedBootstrap, teamDomainMonitorTargets } from '@/db/queries/domains';
import { domainExpiries, rdapBootstrap } from '@/db/schema';
import { getEnv } from '@/lib/env';
import { log } from '@/lib/observability/log';
import { type DomainWarning, enqueueDomainWarnings } from '@/lib/notifications/enqueue';
import { type Bootstrap, fetchJson, lookupDomain, parseBootstrap, registrableDomain } from './rdap';

// The leader's domain round (every 10 minutes): the registrable domains behind every
// team's http, tls and dns monitors, each looked up over RDAP at most once a day for the
// whole instance (sooner again only after a failure: 3 h, or 6 h after a 429), at most
// LOOKUPS_PER_ROUND at a time, one after the other, each time-boxed; then the warnings.

const LOOKUPS_PER_ROUND = 20;
const BOOTSTRAP_MAX_AGE_MS = 24 * 3600_000;
export const DOMAIN_WARNING_DAYS = [30, 14, 7];

export interface TeamDomain {
  teamId: string;
  domain: string;
  /** The team's monitors behind it, by name. */
  monitors: { id: string; name: string }[];
}

/** Monitor targets as (team, registrable domain) with the monitors behind each. */
function byDomain(rows: Awaited<ReturnType<typeof domainMonitorTargets>>): TeamDomain[] {
  const byKey = new Map<string, TeamDomain>();
  for (const row of rows) {
    const domain = registrableDomain(row.type, row.target);
    if (!domain || !row.teamId) continue;
    const key = `${row.teamId} ${domain}`;
    const entry = byKey.get(key) ?? { teamId: row.teamId, domain, monitors: [] };
    entry.monitors.push({ id: row.monitorId, name: row.name });
    byKey.set(key, entry);
  }
  for (const entry of byKey.values()) entry.monitors.sort((a, b) => a.name.localeCompare(b.name));
  return [...byKey.values()];
}

/** Each (team, domain) with what is known of its expiry (null: not looked up yet). */
async function withExpiries(domains: TeamDomain[]) {
  const known = new Map((await domainExpiriesOf([...new Set(domains.map((d) => d.domain))])).map((row) => [row.domain, row]));
  return domains.map((entry) => ({ ...entry, expiry: known.get(entry.domain) ?? null }));
}

/** A team's domains with their expiry, soonest first, the unknown ones last (its Certificates and domains page). */
export async function teamDomainExpiries(teamId: string) {
  const domains = await withExpiries(byDomain(await teamDomainMonitorTargets(teamId)));
  const expires = (entry: (typeof domains)[number]) => (entry.expiry?.state === 'ok' ? entry.expiry.expiresAt : null);
  return domains
    .map((entry) => ({ domain: entry.domain, monitors: entry.monitors, expiresAt: expires(entry), message: entry.expiry?.message ?? null }))
    .sort((a, b) => (a.expiresAt?.getTime() ?? Infinity) - (b.expiresAt?.getTime() ?? Infinity) || a.domain.localeCompare(b.domain));
}

export type DomainExpiryRow = Awaited<ReturnType<typeof teamDomainExpiries>>[number];

/** IANA's registry, from the database when fetched within a day, else fetched (and kept). */
async function bootstrap(): Promise<Bootstrap | null> {
  const url = getEnv().WATCHPOST_RDAP_BOOTSTRAP_URL;
  const stored = await storedBootstrap(url);
  if (stored && Date.now() - stored.fetchedAt.getTime() < BOOTSTRAP_MAX_AGE_MS) return parseBootstrap(JSON.parse(stored.services));
  const answer = await fetchJson(url, 'application/json');
  const parsed = answer.ok ? parseBootstrap(answer.json) : null;
  if (!parsed) {
    log.warn('The RDAP bootstrap registry could not be read; domain expiry dates wait.', { url, reason: answer.ok ? 'not a bootstrap registry' : answer.message });
    return stored ? parseBootstrap(JSON.parse(stored.services)) : null;
  }
  const services = JSON.stringify((answer as { json: unknown }).json);
  await db.insert(rdapBootstrap).values({ url, services }).onConflictDoUpdate({ target: rdapBootstrap.url, set: { services, fetchedAt: new Date() } });
  return parsed;
}

/** Look up the domains that are due; the number looked up. */
export async function refreshDomainExpiries(): Promise<number> {
  if (!getEnv().WATCHPOST_DOMAIN_EXPIRY) return 0;
  const domains = [...new Set(byDomain(await domainMonitorTargets()).map((entry) => entry.domain))];
  if (domains.length === 0) return 0;
  const known = new Map((await domainExpiriesOf(domains)).map((row) => [row.domain, row]));
  const due = domains.filter((domain) => (known.get(domain)?.nextCheckAt.getTime() ?? 0) <= Date.now()).slice(0, LOOKUPS_PER_ROUND);
  if (due.length === 0) return 0;
  const registry = await bootstrap();
  if (!registry) return 0;
  for (const domain of due) {
    const found = await lookupDomain(domain, registry);
    const values = {
      state: found.state,
      expiresAt: found.expiresAt,
      message: found.message,
      checkedAt: new Date(),
      nextCheckAt: new Date(Date.now() + found.retryInHours * 3600_000),
    };
    await db.insert(domainExpiries).values({ domain, ...values }).onConflictDoUpdate({ target: domainExpiries.domain, set: values });
  }
  return due.length;
}

/**
 * domain.expiring: each threshold (30, 14 and 7 days) once per domain, expiry date and team;
 * several passed at once make one message, for the smallest. A renewal (a later expiry
 * date) starts them afresh.
 */
export async function sendDomainWarnings(): Promise<DomainWarning[]> {
  if (!getEnv().WATCHPOST_DOMAIN_EXPIRY) return [];
  const candidates = new Map<string, DomainWarning>();
  for (const entry of await withExpiries(byDomain(await domainMonitorTargets()))) {
    if (entry.expiry?.state !== 'ok' || !entry.expiry.expiresAt) continue;
    const expires = entry.expiry.expiresAt;
    const daysLeft = (expires.getTime() - Date.now()) / 86_400_000;
    for (const days of DOMAIN_WARNING_DAYS) {
      if (daysLeft <= days) candidates.set(`${entry.teamId} ${entry.domain} ${days}`, { teamId: entry.teamId, domain: entry.domain, expiresAt: expires.toISOString(), days, monitors: entry.monitors });
    }
  }
  if (candidates.size === 0) return [];
  return sqlClient().begin(async (tx) => {
    const run = runIn(tx);
    const fresh = await run<{ team_id: string; domain: string; days: number }>(sql`
      INSERT INTO domain_warnings (team_id, domain, expires_at, days)
      SELECT t.team_id, t.domain, t.expires_at, t.days
      FROM jsonb_to_recordset(${JSON.stringify([...candidates.values()].map((c) => ({ team_id: c.teamId, domain: c.domain, expires_at: c.expiresAt, days: c.days })))}::jsonb)
        AS t(team_id uuid, domain varchar, expires_at timestamptz, days int)
      ORDER BY 1, 2, 4
      ON CONFLICT DO NOTHING
      RETURNING team_id, domain, days`);
    // Several thresholds passed at once: one message, for the smallest.
    const smallest = new Map<string, DomainWarning>();
    for (const row of fresh) {
      const key = `${row.team_id} ${row.domain}`;
      if ((smallest.get(key)?.days ?? Infinity) > row.days) smallest.set(key, candidates.get(`${key} ${row.days}`)!);
    }
    const warnings = [...smallest.values()];
    await enqueueDomainWarnings(run, warnings);
    return warnings;
  });
}
