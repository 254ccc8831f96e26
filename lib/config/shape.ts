import 'server-only';
import { and, eq } from 'drizzle-orm';
import { db } from '@/db';
import { agents, notificationChannels } from '@/db/schema';
import { apiChannel, listApiChannels, settingInputs } from '@/lib/api/channels';
import { apiMaintenance, inputOfMaintenance, listApiMaintenance } from '@/lib/api/maintenance';
import { apiMonitor, inputOfMonitor, listApiMonitors } from '@/lib/api/monitors';
import { apiStatusPage, listApiStatusPages } from '@/lib/api/status-pages';
import type { ApiChannel, ApiMaintenance, ApiMonitor, ApiStatusPage } from '@/lib/contracts/api';
import type { ChannelConfig, MaintenanceConfig, MonitorConfig, StatusPageConfig } from '@/lib/contracts/config';
import type { ChannelSecrets, ChannelSettings } from '@/lib/notifications/kinds';
import { openSecrets } from '@/lib/notifications/manage';
import type { TeamContext } from '@/lib/teams/roles';

// A team's objects as watchpost.yaml writes them (lib/contracts/config.ts): the management
// API's representations, with each reference to another object by its name. Export writes
// these; apply compares an object's shape before and after its write.

/** Each object's name by id, for the references of the others (kept current while apply creates and renames). */
export interface Names {
  agents: Map<string, string>;
  monitors: Map<string, string>;
  pages: Map<string, string>;
}

const nameIn = (map: Map<string, string>) => (id: string) => map.get(id) ?? id;

export function monitorConfigOf(monitor: ApiMonitor, names: Names): MonitorConfig {
  // The API body PATCH merges into, its agents by name (push monitors have none).
  // Dependencies and escalation policies are not in the file (yet): apply keeps them as they are.
  const { name, type, target, agentId, locations, dependsOn: _dependsOn, escalationPolicyId: _policy, ...rest } = inputOfMonitor(monitor);
  const agent = agentId === undefined ? undefined : nameIn(names.agents)(agentId);
  return { name, type, target, agent, locations: locations.map(nameIn(names.agents)), ...rest };
}

export function channelConfigOf(channel: ApiChannel, names: Names): ChannelConfig {
  return {
    name: channel.name,
    kind: channel.kind,
    monitors: channel.allMonitors ? 'all' : channel.monitorIds.map(nameIn(names.monitors)).sort(),
    reminderMinutes: channel.reminderMinutes,
    events: channel.events as ChannelConfig['events'],
    ...settingInputs(channel.kind, channel as ChannelSettings),
  };
}

export function statusPageConfigOf(page: ApiStatusPage, names: Names): StatusPageConfig {
  return {
    title: page.title,
    slug: page.slug,
    description: page.description,
    logoUrl: page.logoUrl,
    timeZone: page.timeZone,
    customHost: page.customHost,
    allowFraming: page.allowFraming,
    sloDays: page.sloDays as 30 | 90 | null,
    components: page.components.map((component) => ({
      name: component.name,
      description: component.description,
      groupName: component.groupName,
      monitors: component.monitorIds.map(nameIn(names.monitors)).sort(),
    })),
  };
}

export function maintenanceConfigOf(window: ApiMaintenance, names: Names): MaintenanceConfig {
  const { monitorIds, pageIds, ...rest } = inputOfMaintenance(window);
  return { ...rest, monitors: monitorIds.map(nameIn(names.monitors)).sort(), statusPages: pageIds.map(nameIn(names.pages)).sort() };
}

/** A channel's secrets as saved (for apply to see whether the file changes them; never sent out). */
export async function channelSecrets(ctx: TeamContext, channelId: string): Promise<ChannelSecrets> {
  const [row] = await db
    .select({ secrets: notificationChannels.secretsEncrypted })
    .from(notificationChannels)
    .where(and(eq(notificationChannels.id, channelId), eq(notificationChannels.teamId, ctx.teamId)));
  return row ? openSecrets(row.secrets, channelId) : {};
}

export interface TeamObjects {
  agents: { id: string; name: string; kind: 'remote' | 'builtin' }[];
  monitors: ApiMonitor[];
  channels: ApiChannel[];
  statusPages: ApiStatusPage[];
  /** Windows still to come or under way; those completed are history, outside the file. */
  maintenance: ApiMaintenance[];
  names: Names;
}

/** Everything of the team that watchpost.yaml describes. */
export async function readTeamObjects(ctx: TeamContext): Promise<TeamObjects> {
  const teamAgents = await db
    .select({ id: agents.id, name: agents.name, kind: agents.kind })
    .from(agents)
    .where(eq(agents.teamId, ctx.teamId))
    .orderBy(agents.createdAt, agents.id);
  const monitors: ApiMonitor[] = [];
  for (let cursor: string | undefined; ; ) {
    const page = await listApiMonitors(ctx, {}, { limit: 1000, cursor });
    monitors.push(...page.data);
    if (!page.next) break;
    cursor = page.next;
  }
  const [channels, statusPages, maintenance] = await Promise.all([listApiChannels(ctx), listApiStatusPages(ctx), listApiMaintenance(ctx)]);
  return {
    agents: teamAgents.map((agent) => ({ ...agent, kind: agent.kind as 'remote' | 'builtin' })),
    monitors,
    channels,
    statusPages,
    maintenance: maintenance.filter((window) => window.state !== 'completed'),
    names: {
      agents: new Map(teamAgents.map((agent) => [agent.id, agent.name])),
      monitors: new Map(monitors.map((monitor) => [monitor.id, monitor.name])),
      pages: new Map(statusPages.map((page) => [page.id, page.slug])),
    },
  };
}

export const readOne = {
  monitors: async (ctx: TeamContext, id: string, names: Names) => monitorConfigOf(await apiMonitor(ctx, id), names),
  channels: async (ctx: TeamContext, id: string, names: Names) => channelConfigOf(await apiChannel(ctx, id), names),
  statusPages: async (ctx: TeamContext, id: string, names: Names) => statusPageConfigOf(await apiStatusPage(ctx, id), names),
  maintenance: async (ctx: TeamContext, id: string, names: Names) => maintenanceConfigOf(await apiMaintenance(ctx, id), names),
  statusPageComponents: async (ctx: TeamContext, pageId: string) => (await apiStatusPage(ctx, pageId)).components,
};
