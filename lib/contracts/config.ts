import { z } from 'zod';
import { channelInputSchema, componentInputSchema, maintenanceInputSchema, monitorInputSchema, statusPageInputSchema } from './api';

// watchpost.yaml (docs/config.md): a team's setup as one document that `watchpost export`
// writes and `watchpost apply` makes true. Each object is the management API's body with its
// references by name instead of id: agents and channels by name, monitors by name, status
// pages by slug. An optional `id` matches an object whatever its name (renames).
// /api/v1/watchpost.schema.json is generated from these schemas, for editors.

const name = z.string().min(1).max(200);
const id = z.uuid().optional().describe('Match this object by id (then its name may change: a rename).');

export const agentConfigSchema = z.strictObject({
  id,
  name: z.string().min(1).max(100),
  builtIn: z.boolean().default(false).describe('The agent inside the server (one per team); every other one is a remote agent, whose token `apply` prints once.'),
});

export const monitorConfigSchema = monitorInputSchema
  .omit({ agentId: true, locations: true, dependsOn: true, escalationPolicyId: true })
  .extend({
    id,
    agent: name.optional().describe('The first location: an agent’s name (not for push monitors).'),
    locations: z.array(name).max(4).default([]).describe('Further locations: agents’ names, in order.'),
  });

// A channel's status page components are not in the file (yet): apply keeps them as they are.
export const channelConfigSchema = channelInputSchema
  .omit({ allMonitors: true, monitorIds: true, componentIds: true, degradedEvents: true, partialEvents: true })
  .extend({
    id,
    monitors: z.union([z.literal('all'), z.array(name).max(1000)]).default('all').describe('`all`, or the names of the monitors it notifies about.'),
  });

export const componentConfigSchema = componentInputSchema
  .omit({ monitorIds: true })
  .extend({ id, monitors: z.array(name).max(50).describe('The names of the monitors behind it.') });

export const statusPageConfigSchema = statusPageInputSchema.extend({
  id,
  components: z.array(componentConfigSchema).max(200).default([]).describe('In the order the page shows them; matched by name within the page.'),
});

export const maintenanceConfigSchema = maintenanceInputSchema
  .omit({ monitorIds: true, pageIds: true, end: true })
  .extend({
    id,
    start: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/).describe('The first start, a wall-clock time in `timeZone`, like 2026-12-24T02:00.'),
    durationMinutes: z.int().min(1).max(7 * 24 * 60),
    monitors: z.array(name).max(500).describe('The names of the monitors it covers.'),
    statusPages: z.array(name).max(50).default([]).describe('The slugs of the status pages it is shown on.'),
  });

export const configDocumentSchema = z.strictObject({
  version: z.literal(1).default(1).describe('The file format: 1.'),
  agents: z.array(agentConfigSchema).max(1000).default([]),
  monitors: z.array(monitorConfigSchema).max(10_000).default([]),
  channels: z.array(channelConfigSchema).max(1000).default([]),
  statusPages: z.array(statusPageConfigSchema).max(100).default([]),
  maintenance: z.array(maintenanceConfigSchema).max(1000).default([]),
});
export type ConfigDocument = z.output<typeof configDocumentSchema>;
export type AgentConfig = z.output<typeof agentConfigSchema>;
export type MonitorConfig = z.output<typeof monitorConfigSchema>;
export type ChannelConfig = z.output<typeof channelConfigSchema>;
export type StatusPageConfig = z.output<typeof statusPageConfigSchema>;
export type ComponentConfig = z.output<typeof componentConfigSchema>;
export type MaintenanceConfig = z.output<typeof maintenanceConfigSchema>;

/** The kinds of object in the file, in the order apply creates them. */
export const CONFIG_KINDS = ['agents', 'monitors', 'channels', 'statusPages', 'maintenance'] as const;
export type ConfigKind = (typeof CONFIG_KINDS)[number];

/** POST /api/v1/apply: the file as parsed by the CLI (references to the environment still in it) and the values of those it names. */
export const applyRequestSchema = z.strictObject({
  document: z.unknown().describe('watchpost.yaml, parsed: see /api/v1/watchpost.schema.json.'),
  env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), z.string().max(10_000)).default({}).describe('The values of the `${NAME}` references in the document.'),
  prune: z.boolean().default(false).describe('Also delete what the team has and the file does not name.'),
  dryRun: z.boolean().default(false).describe('Check everything and answer the plan; change nothing.'),
  planHash: z.string().max(100).optional().describe('The `planHash` of the dry run the user confirmed: refused (409) if the plan is no longer the same.'),
});

const fieldChange = z.object({ field: z.string(), from: z.unknown().optional(), to: z.unknown().optional() });
export const planItemSchema = z.object({
  kind: z.enum(CONFIG_KINDS),
  name: z.string(),
  action: z.enum(['create', 'update', 'delete', 'unchanged']),
  changes: z.array(fieldChange).describe('Field by field; a secret is named, never shown.'),
});
export type PlanItem = z.output<typeof planItemSchema>;

export const applyResultSchema = z.object({
  applied: z.boolean().describe('false for a dry run.'),
  planHash: z.string().describe('Send it back with the apply the user confirmed.'),
  plan: z.array(planItemSchema),
  summary: z.object({ create: z.int(), update: z.int(), delete: z.int(), unchanged: z.int() }),
  warnings: z.array(z.object({ field: z.string(), message: z.string() })),
  created: z
    .array(z.object({ kind: z.enum(['agents', 'channels']), name: z.string(), secret: z.string(), what: z.string() }))
    .describe('Agent tokens and webhook signing secrets of what was created: shown this once.'),
});
export type ApplyResult = z.output<typeof applyResultSchema>;

export const exportResultSchema = z.object({
  document: z.record(z.string(), z.unknown()).describe('watchpost.yaml’s document: see /api/v1/watchpost.schema.json.'),
  env: z.array(z.string()).describe('The environment variables its secrets refer to (`${NAME}`).'),
});
