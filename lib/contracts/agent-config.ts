import { z } from 'zod';
import { dnsOptionsSchema, httpOptionsSchema, pingOptionsSchema, tcpOptionsSchema, tlsOptionsSchema } from './monitors';

// GET /api/v1/agent/config — the response, as agents rely on it (DESIGN.md, protocol v1).

const monitorBase = {
  id: z.uuid(),
  name: z.string(),
  target: z.string(),
  intervalSeconds: z.int().min(1),
  timeoutSeconds: z.int().min(1),
};

export const agentMonitorSchema = z.discriminatedUnion('type', [
  z.object({ ...monitorBase, type: z.literal('http'), options: httpOptionsSchema }),
  z.object({ ...monitorBase, type: z.literal('tcp'), options: tcpOptionsSchema }),
  z.object({ ...monitorBase, type: z.literal('ping'), options: pingOptionsSchema }),
  z.object({ ...monitorBase, type: z.literal('dns'), options: dnsOptionsSchema }),
  z.object({ ...monitorBase, type: z.literal('tls'), options: tlsOptionsSchema }),
]);

export const agentConfigSchema = z.object({
  agent: z.object({ id: z.uuid(), name: z.string() }),
  /** Seconds between two fetches of this configuration. */
  pollSeconds: z.int().min(1),
  /** The agent's enabled monitors. */
  monitors: z.array(agentMonitorSchema),
});

export type AgentMonitor = z.infer<typeof agentMonitorSchema>;
export type AgentConfig = z.infer<typeof agentConfigSchema>;

export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    details: z.array(z.object({ index: z.int().optional(), field: z.string().optional(), message: z.string() })).optional(),
  }),
});
