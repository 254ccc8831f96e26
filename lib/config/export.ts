import 'server-only';
import type { z } from 'zod';
import {
  agentConfigSchema,
  channelConfigSchema,
  componentConfigSchema,
  maintenanceConfigSchema,
  monitorConfigSchema,
  statusPageConfigSchema,
} from '@/lib/contracts/config';
import { completeOptions } from '@/lib/contracts/monitors';
import type { TeamContext } from '@/lib/teams/roles';
import { channelConfigOf, channelSecrets, maintenanceConfigOf, monitorConfigOf, readTeamObjects, statusPageConfigOf } from './shape';

// GET /api/v1/export: the team's setup as watchpost.yaml's document. What equals its default
// is left out (a shorter file that says what is particular); secrets are `${NAME}` references
// to the environment, named after their channel; an object whose name another of its kind
// shares carries its id, so apply can tell them apart.

type Shape = z.ZodObject<z.ZodRawShape>;

/** `value` without the fields `schema` would default to the same value (null counts as absent). */
function withoutDefaults(schema: Shape, value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(value).filter(([key, item]) => {
      if (item === undefined) return false;
      const field = schema.shape[key] as z.ZodType | undefined;
      if (!field) return true;
      const parsed = field.safeParse(undefined);
      if (!parsed.success) return true;
      return !(JSON.stringify(parsed.data ?? null) === JSON.stringify(item ?? null));
    }),
  );
}

const envName = (text: string) => {
  const name = text.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  return /^[A-Z]/.test(name) ? name : `CHANNEL_${name}`;
};

/** Ids for the objects whose name is not theirs alone. */
function idsWhereShared<Item extends { id: string }>(items: Item[], nameOf: (item: Item) => string): (item: Item) => { id?: string } {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(nameOf(item), (counts.get(nameOf(item)) ?? 0) + 1);
  return (item) => ((counts.get(nameOf(item)) ?? 0) > 1 ? { id: item.id } : {});
}

export async function exportConfig(ctx: TeamContext): Promise<{ document: Record<string, unknown>; env: string[] }> {
  const team = await readTeamObjects(ctx);
  const env: string[] = [];
  const reference = (name: string) => {
    let unique = name;
    for (let n = 2; env.includes(unique); n++) unique = `${name}_${n}`;
    env.push(unique);
    return `\${${unique}}`;
  };

  const monitorId = idsWhereShared(team.monitors, (m) => m.name);
  const monitors = team.monitors.map((monitor) => {
    const config = monitorConfigOf(monitor, team.names);
    const defaults = completeOptions(monitor.type, {}) as Record<string, unknown>;
    const options = Object.fromEntries(Object.entries(config.options).filter(([key, value]) => JSON.stringify(defaults[key]) !== JSON.stringify(value)));
    return { ...monitorId(monitor), ...withoutDefaults(monitorConfigSchema as unknown as Shape, { ...config, options }) };
  });

  const channels = [];
  for (const channel of team.channels) {
    const config: Record<string, unknown> = withoutDefaults(channelConfigSchema as unknown as Shape, channelConfigOf(channel, team.names));
    const secrets = await channelSecrets(ctx, channel.id);
    const prefix = envName(channel.name);
    const secretEnv = { url: 'URL', botToken: 'BOT_TOKEN', token: 'TOKEN', routingKey: 'ROUTING_KEY', apiKey: 'API_KEY', userKey: 'USER_KEY' } as const;
    for (const [field, suffix] of Object.entries(secretEnv)) if (secrets[field as keyof typeof secretEnv]) config[field] = reference(`${prefix}_${suffix}`);
    if (secrets.headers && Object.keys(secrets.headers).length) {
      config.headers = Object.fromEntries(Object.keys(secrets.headers).map((header) => [header, reference(`${prefix}_HEADER_${envName(header)}`)]));
    }
    channels.push(config);
  }

  const statusPages = team.statusPages.map((page) => {
    const config = statusPageConfigOf(page, team.names);
    const componentId = idsWhereShared(page.components, (c) => c.name);
    return {
      ...withoutDefaults(statusPageConfigSchema as unknown as Shape, { ...config, components: undefined }),
      components: config.components.map((component, index) => ({
        ...componentId(page.components[index]!),
        ...withoutDefaults(componentConfigSchema as unknown as Shape, component),
      })),
    };
  });

  const windowId = idsWhereShared(team.maintenance, (w) => w.title);
  const maintenance = team.maintenance.map((window) => ({ ...windowId(window), ...withoutDefaults(maintenanceConfigSchema as unknown as Shape, maintenanceConfigOf(window, team.names)) }));

  const agents = team.agents.map((agent) => withoutDefaults(agentConfigSchema as unknown as Shape, { name: agent.name, builtIn: agent.kind === 'builtin' }));
  return { document: { version: 1, agents, monitors, channels, statusPages, maintenance }, env };
}
