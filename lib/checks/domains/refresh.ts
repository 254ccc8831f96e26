import 'server-only';
import { sql } from 'drizzle-orm';
import { db, runIn, sqlClient } from '@/db';
import { domainExpiriesOf, domainMonitorTargets, storedBootstrap } from '@/db/queries/domains';
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

/** Every (team, domain) with the team's monitors behind it. */
export async function teamDomains(teamId?: string): Promise<Map<string, { teamId: string; domain: string; monitors: { id: string; name: string }[] }>> {
  const byKey = new Map<string, { teamId: string; domain: string; monitors: { id: string; name: string }[] }>();
  for (const row of await domainMonitorTargets(teamId)) {
    const domain = registrableDomain(row.type, row.target);
    if (!domain || !row.teamId) continue;
    const key = `${row.teamId} ${domain}`;
    const entry = byKey.get(key) ?? { teamId: row.teamId, domain, monitors: [] };
    entry.monitors.push({ id: row.monitorId, name: row.name });
    byKey.set(key, entry);
  }
  for (const entry of byKey.values()) entry.monitors.sort((a, b) => a.name.localeCompare(b.name));
  return byKey;
}

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
  const domains = [...new Set([...(await teamDomains()).values()].map((entry) => entry.domain))];
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
  const entries = [...(await teamDomains()).values()];
  const expiries = new Map((await domainExpiriesOf([...new Set(entries.map((e) => e.domain))])).map((row) => [row.domain, row]));
  const candidates: { teamId: string; domain: string; expiresAt: Date; days: number; monitors: { id: string; name: string }[] }[] = [];
  for (const entry of entries) {
    const expiry = expiries.get(entry.domain);
    if (expiry?.state !== 'ok' || !expiry.expiresAt) continue;
    const daysLeft = (expiry.expiresAt.getTime() - Date.now()) / 86_400_000;
    for (const days of DOMAIN_WARNING_DAYS) if (daysLeft <= days) candidates.push({ ...entry, expiresAt: expiry.expiresAt, days });
  }
  if (candidates.length === 0) return [];
  return sqlClient().begin(async (tx) => {
    const run = runIn(tx);
    const fresh = await run<{ team_id: string; domain: string; days: number }>(sql`
      INSERT INTO domain_warnings (team_id, domain, expires_at, days)
      SELECT t.team_id, t.domain, t.expires_at, t.days
      FROM jsonb_to_recordset(${JSON.stringify(candidates.map((c) => ({ team_id: c.teamId, domain: c.domain, expires_at: c.expiresAt.toISOString(), days: c.days })))}::jsonb)
        AS t(team_id uuid, domain varchar, expires_at timestamptz, days int)
      ORDER BY 1, 2, 4
      ON CONFLICT DO NOTHING
      RETURNING team_id, domain, days`);
    const smallest = new Map<string, number>();
    for (const row of fresh) smallest.set(`${row.team_id} ${row.domain}`, Math.min(smallest.get(`${row.team_id} ${row.domain}`) ?? Infinity, row.days));
    const warnings: DomainWarning[] = [...smallest].map(([key, days]) => {
      const candidate = candidates.find((c) => `${c.teamId} ${c.domain}` === key)!;
      return { teamId: candidate.teamId, domain: candidate.domain, expiresAt: candidate.expiresAt.toISOString(), days, monitors: candidate.monitors };
    });
    await enqueueDomainWarnings(run, warnings);
    return warnings;
  });
}
