// The monitor types and their fixed choices, without zod: the monitor form (a client
// component) needs them, and zod in the browser probes `new Function` (its JIT), which
// the pages' Content-Security-Policy rightly refuses.

export const MONITOR_TYPES = ['http', 'tcp', 'ping', 'dns', 'tls', 'push'] as const;
export type MonitorType = (typeof MONITOR_TYPES)[number];

export const PUSH_SCHEDULES = ['period', 'cron'] as const;
/** How a tls check starts TLS: at once, or after SMTP's STARTTLS (mail servers on 25 or 587). */
export const STARTTLS_PROTOCOLS = ['none', 'smtp'] as const;

export const HTTP_METHODS = ['GET', 'HEAD', 'POST'] as const;
export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'] as const;

/** When a monitor checked from several locations is down: any confirms it, k of them, or all live ones. */
export const QUORUM_RULES = ['any', 'k', 'all'] as const;
export type QuorumRuleChoice = (typeof QUORUM_RULES)[number];
export const QUORUM_RULE_LABELS: Record<QuorumRuleChoice, string> = {
  any: 'Any location confirms it',
  k: 'At least k locations agree',
  all: 'Every live location agrees',
};
/** Locations per monitor, the first included. */
export const MAX_LOCATIONS = 25;
