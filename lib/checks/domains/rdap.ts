import { getDomain } from 'tldts';
import { hostOfTarget } from '@/lib/contracts/targets';

// When a domain expires, from RDAP (RFC 9083) through IANA's bootstrap registry
// (RFC 9224): pure helpers and one time-boxed lookup. The SQL and the schedule are in
// ./refresh.ts.

/** The registrable domain behind a monitor's target (api.shop.example.co.uk → example.co.uk), or null (an IP, localhost). */
export function registrableDomain(type: string, target: string): string | null {
  const host = hostOfTarget(type, target);
  if (!host) return null;
  const domain = getDomain(host, { allowPrivateDomains: false });
  return domain ? domain.toLowerCase() : null;
}

export type Bootstrap = Map<string, string[]>;

/** RFC 9224's `{services: [[[tlds…], [urls…]], …]}` as TLD → base URLs; null when it is not that. */
export function parseBootstrap(json: unknown): Bootstrap | null {
  const services = (json as { services?: unknown })?.services;
  if (!Array.isArray(services)) return null;
  const byTld: Bootstrap = new Map();
  for (const service of services) {
    if (!Array.isArray(service) || !Array.isArray(service[0]) || !Array.isArray(service[1])) continue;
    const urls = (service[1] as unknown[]).filter((url): url is string => typeof url === 'string' && /^https?:\/\//.test(url));
    // RFC 9224: prefer https.
    urls.sort((a, b) => Number(b.startsWith('https:')) - Number(a.startsWith('https:')));
    for (const tld of service[0] as unknown[]) if (typeof tld === 'string' && urls.length) byTld.set(tld.toLowerCase(), urls);
  }
  return byTld;
}

/** The RDAP base URLs for a domain: its longest matching label suffix in the registry. */
export function rdapBasesFor(bootstrap: Bootstrap, domain: string): string[] | null {
  const labels = domain.split('.');
  for (let i = 1; i < labels.length; i++) {
    const bases = bootstrap.get(labels.slice(i).join('.'));
    if (bases) return bases;
  }
  return null;
}

/** The `expiration` event of an RDAP domain object, or null. */
export function expiryOf(document: unknown): Date | null {
  const events = (document as { events?: unknown })?.events;
  if (!Array.isArray(events)) return null;
  for (const event of events) {
    const { eventAction, eventDate } = (event ?? {}) as { eventAction?: unknown; eventDate?: unknown };
    if (eventAction === 'expiration' && typeof eventDate === 'string') {
      const date = new Date(eventDate);
      if (!Number.isNaN(date.getTime())) return date;
    }
  }
  return null;
}

export interface DomainLookup {
  state: 'ok' | 'unknown' | 'error';
  expiresAt: Date | null;
  message: string | null;
  /** When to ask again. */
  retryInHours: number;
}

const TIMEOUT_MS = 10_000;
const MAX_BYTES = 512 * 1024;

/** GET a JSON document, time-boxed and size-limited; the parsed body, or why not. */
export async function fetchJson(url: string, accept: string): Promise<{ ok: true; json: unknown } | { ok: false; status?: number; message: string }> {
  try {
    const response = await fetch(url, { headers: { accept }, redirect: 'follow', signal: AbortSignal.timeout(TIMEOUT_MS) });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, status: response.status, message: `HTTP ${response.status}` };
    }
    const reader = response.body?.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BYTES) {
        await reader.cancel().catch(() => undefined);
        return { ok: false, message: 'the answer is larger than 512 kB' };
      }
      chunks.push(value);
    }
    try {
      return { ok: true, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
    } catch {
      return { ok: false, message: 'the answer is not JSON' };
    }
  } catch (error) {
    const name = (error as Error).name;
    return { ok: false, message: name === 'TimeoutError' || name === 'AbortError' ? `no answer within ${TIMEOUT_MS / 1000} s` : `unreachable (${(error as Error).message})` };
  }
}

/** Ask the domain's RDAP server when it expires. */
export async function lookupDomain(domain: string, bootstrap: Bootstrap): Promise<DomainLookup> {
  const tld = domain.slice(domain.lastIndexOf('.') + 1);
  const bases = rdapBasesFor(bootstrap, domain);
  if (!bases) return { state: 'unknown', expiresAt: null, message: `no RDAP for .${tld}`, retryInHours: 24 };
  const base = bases[0]!.endsWith('/') ? bases[0]! : `${bases[0]}/`;
  const answer = await fetchJson(`${base}domain/${encodeURIComponent(domain)}`, 'application/rdap+json, application/json');
  if (!answer.ok) {
    if (answer.status === 404) return { state: 'unknown', expiresAt: null, message: `${domain} is not in the .${tld} registry's RDAP (not registered?)`, retryInHours: 24 };
    // Rate limited or failing: ask again in a while, not in a loop.
    return { state: 'error', expiresAt: null, message: `RDAP lookup failed: ${answer.message}`, retryInHours: answer.status === 429 ? 6 : 3 };
  }
  const expiresAt = expiryOf(answer.json);
  if (!expiresAt) return { state: 'unknown', expiresAt: null, message: `the .${tld} registry's RDAP gives no expiry date`, retryInHours: 24 };
  return { state: 'ok', expiresAt, message: null, retryInHours: 24 };
}
