// The monitor types and their fixed choices, without zod: the monitor form (a client
// component) needs them, and zod in the browser probes `new Function` (its JIT), which
// the pages' Content-Security-Policy rightly refuses.

export const MONITOR_TYPES = ['http', 'tcp', 'ping', 'dns'] as const;
export type MonitorType = (typeof MONITOR_TYPES)[number];

export const HTTP_METHODS = ['GET', 'HEAD', 'POST'] as const;
export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'] as const;
