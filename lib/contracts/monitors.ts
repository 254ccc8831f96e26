import { z } from 'zod';
import { assertionSchema, MAX_ASSERTIONS } from './assertions';
import { certificateWarningDaysSchema } from './certificates';
import { DNS_RECORD_TYPES, HTTP_METHODS, type MonitorType, PUSH_SCHEDULES, STARTTLS_PROTOCOLS } from './monitor-kinds';
import { isHostname } from './targets';

export { DNS_RECORD_TYPES, HTTP_METHODS, MONITOR_TYPES, type MonitorType, PUSH_SCHEDULES, STARTTLS_PROTOCOLS } from './monitor-kinds';

// Monitor types and their options: stored in monitors.options, sent to agents in their
// configuration, and read by the agent's checks. Every option has a default, so `{}`
// (what a row written with only the seed's columns holds) is a complete configuration.

/** `200-299,301`: status codes and ranges between 100 and 599. */
export const expectedStatusSchema = z
  .string()
  .trim()
  .max(200)
  .refine((value) => parseStatusRanges(value) !== null, 'Use codes and ranges from 100 to 599, like 200-299,301.');

export function parseStatusRanges(value: string): [number, number][] | null {
  const ranges: [number, number][] = [];
  for (const part of value.split(',').map((p) => p.trim())) {
    const match = /^(\d{3})(?:-(\d{3}))?$/.exec(part);
    if (!match) return null;
    const low = Number(match[1]);
    const high = Number(match[2] ?? match[1]);
    if (low < 100 || high > 599 || low > high) return null;
    ranges.push([low, high]);
  }
  return ranges.length ? ranges : null;
}

export const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;
const headerName = z.string().regex(HEADER_NAME, 'Header names are letters, digits and - only.');
const headerValue = z.string().max(2000).regex(/^[^\r\n]*$/, 'Header values must be on one line.');

export const httpOptionsSchema = z.object({
  method: z.enum(HTTP_METHODS).default('GET'),
  expectedStatus: expectedStatusSchema.default('200-399'),
  /** Text the body must contain (or must not, with keywordInverted); first 1 MiB of the body. */
  keyword: z.string().min(1).max(500).optional(),
  keywordInverted: z.boolean().default(false),
  followRedirects: z.boolean().default(true),
  headers: z.record(headerName, headerValue).default({}),
  /** Sent with POST. */
  body: z.string().max(64 * 1024).optional(),
  verifyTls: z.boolean().default(true),
  /** Checked in order after the status and keyword rules (lib/contracts/assertions.ts). */
  assertions: z.array(assertionSchema).max(MAX_ASSERTIONS).default([]),
  /** Days before the certificate expires to send certificate.expiring (https targets). */
  certificateWarningDays: certificateWarningDaysSchema,
});

/** A TLS handshake with host:port (the target), for mail servers, databases and anything not http. */
export const tlsOptionsSchema = z.object({
  /** The name sent as SNI and checked against the certificate; the target's host when absent. */
  serverName: z.string().trim().max(253).refine(isHostname, 'Enter a host name, like mail.example.com.').optional(),
  starttls: z.enum(STARTTLS_PROTOCOLS).default('none'),
  verifyTls: z.boolean().default(true),
  certificateWarningDays: certificateWarningDaysSchema,
});

export const tcpOptionsSchema = z.object({});
export const pingOptionsSchema = z.object({});

export const dnsOptionsSchema = z.object({
  recordType: z.enum(DNS_RECORD_TYPES).default('A'),
  /** A value that one of the answers must contain. */
  expectedValue: z.string().min(1).max(500).optional(),
  /** `ip` or `ip:port` (`[ipv6]:port`) of the resolver to ask; the system's when absent. */
  resolver: z.string().max(100).optional(),
});

/**
 * A push monitor's schedule: a ping is expected every `periodSeconds` after the last one,
 * or at each time the 5-field `cron` expression names in `timeZone`; it is late once
 * `graceSeconds` have passed since. Whether a cron expression and zone are valid is
 * checked by lib/checks/push/schedule.ts (the agent never sees push monitors).
 */
export const pushOptionsSchema = z.object({
  schedule: z.enum(PUSH_SCHEDULES).default('period'),
  periodSeconds: z.int().min(10).max(31 * 86_400).default(3600),
  cron: z.string().trim().max(100).default('0 * * * *'),
  timeZone: z.string().max(64).default('UTC'),
  graceSeconds: z.int().min(10).max(7 * 86_400).default(300),
});

export const optionsSchemaByType = {
  http: httpOptionsSchema,
  tcp: tcpOptionsSchema,
  ping: pingOptionsSchema,
  dns: dnsOptionsSchema,
  tls: tlsOptionsSchema,
  push: pushOptionsSchema,
} as const;

export type HttpOptions = z.infer<typeof httpOptionsSchema>;
export type DnsOptions = z.infer<typeof dnsOptionsSchema>;
export type PushOptions = z.infer<typeof pushOptionsSchema>;
export type TlsOptions = z.infer<typeof tlsOptionsSchema>;
export type MonitorOptions = HttpOptions | DnsOptions | TlsOptions | PushOptions | Record<string, never>;

/** A monitor's options with every default filled in (what agents receive). */
export function completeOptions(type: string, stored: unknown): MonitorOptions {
  const schema = optionsSchemaByType[type as MonitorType];
  if (!schema) return {};
  const parsed = schema.safeParse(stored ?? {});
  return (parsed.success ? parsed.data : schema.parse({})) as MonitorOptions;
}
