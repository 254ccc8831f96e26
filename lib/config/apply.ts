import 'server-only';
import { createHash } from 'node:crypto';
import { atomically } from '@/db';
import { createAgent, deleteAgent, renameAgent } from '@/lib/agents/manage';
import { agentNameSchema } from '@/lib/agents/schemas';
import { channelInputOf } from '@/lib/api/channels';
import { byForm, fieldPath, zodDetails } from '@/lib/api/handler';
import { maintenanceInputOf } from '@/lib/api/maintenance';
import { monitorInputOf } from '@/lib/api/monitors';
import {
  type ApplyResult,
  type ChannelConfig,
  type ConfigDocument,
  configDocumentSchema,
  type ConfigKind,
  type MaintenanceConfig,
  type MonitorConfig,
  type PlanItem,
  type StatusPageConfig,
} from '@/lib/contracts/config';
import { AppError, type ErrorDetail } from '@/lib/errors';
import { createMaintenance, deleteMaintenance, updateMaintenance } from '@/lib/maintenance/manage';
import { createMonitor, deleteMonitor, updateMonitor } from '@/lib/monitors/manage';
import { createChannel, deleteChannel, updateChannel } from '@/lib/notifications/manage';
import { addComponent, createStatusPage, deleteComponent, deleteStatusPage, moveComponent, updateComponent, updateStatusPage } from '@/lib/status-pages/manage';
import { componentFormSchema, statusPageFormSchema } from '@/lib/status-pages/schemas';
import { PERMISSIONS, requireRole, type TeamContext } from '@/lib/teams/roles';
import { wakeDeliveryWorker } from '@/lib/notifications/wake';
import { SECRET_CHANNEL_FIELDS, substituteEnv } from './env';
import { channelSecrets, type Names, readOne, readTeamObjects, type TeamObjects } from './shape';

// POST /api/v1/apply (docs/config.md): make a team's setup what watchpost.yaml says, all or
// nothing. Every write goes through the same functions as the pages and the API (their
// rules, roles, plan limits and audit events), inside one transaction. The plan is what
// those writes did: each object is read before and after its write, in the file's terms,
// and a write that changed nothing is rolled back to its savepoint. A dry run is the same
// pass rolled back at the end, so it meets every rule an apply would.

/** The largest watchpost.yaml apply takes (as JSON): thousands of monitors. */
export const MAX_CONFIG_BYTES = 8 * 1024 * 1024;

export interface ApplyRequest {
  document: unknown;
  env: Record<string, string>;
  prune: boolean;
  dryRun: boolean;
  planHash?: string;
}

type Path = (string | number)[];
/** How the API's field names of a kind's errors read in the file. */
const FILE_FIELD: Partial<Record<ConfigKind | 'components', Record<string, string>>> = {
  monitors: { agentId: 'agent' },
  channels: { monitorIds: 'monitors', allMonitors: 'monitors' },
  components: { monitorIds: 'monitors' },
  maintenance: { monitorIds: 'monitors', pageIds: 'statusPages', end: 'durationMinutes' },
};

const invalidFile = (details: ErrorDetail[]) =>
  new AppError('INVALID_INPUT', `watchpost.yaml has ${details.length === 1 ? 'a problem' : `${details.length} problems`}; nothing was changed. See details.`, { details });

/** Field-by-field differences of two objects in the file's terms ("options.method", "components[API].monitors"). */
export function differences(before: unknown, after: unknown, field = ''): PlanItem['changes'] {
  const named = (value: unknown): value is { name: string }[] => Array.isArray(value) && value.every((item) => item && typeof item === 'object' && typeof (item as { name?: unknown }).name === 'string');
  if (named(before) && named(after) && (before.length || after.length)) {
    const changes: PlanItem['changes'] = [];
    const old = new Map(before.map((item) => [item.name, item]));
    const now = new Map(after.map((item) => [item.name, item]));
    for (const [name, item] of now) {
      if (!old.has(name)) changes.push({ field: `${field}[${name}]`, to: item });
      else changes.push(...differences(old.get(name), item, `${field}[${name}]`));
    }
    for (const [name, item] of old) if (!now.has(name)) changes.push({ field: `${field}[${name}]`, from: item });
    const order = (list: { name: string }[]) => list.map((item) => item.name).filter((name) => old.has(name) && now.has(name));
    if (JSON.stringify(order(before)) !== JSON.stringify(order(after))) changes.push({ field: `${field} (order)`, from: before.map((i) => i.name), to: after.map((i) => i.name) });
    return changes;
  }
  const plain = (value: unknown): value is Record<string, unknown> => !!value && typeof value === 'object' && !Array.isArray(value);
  if (plain(before) && plain(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => differences(before[key], after[key], field ? `${field}.${key}` : key));
  }
  if (JSON.stringify(before ?? null) === JSON.stringify(after ?? null)) return [];
  return [{ field, ...(before === undefined ? {} : { from: before }), ...(after === undefined ? {} : { to: after }) }];
}

/** The file's objects matched to the team's: by id when given, else by name (agents and channels ignoring case). */
function match<Existing extends { id: string }>(
  kind: ConfigKind,
  wanted: { id?: string; key: string; builtIn?: boolean }[],
  existing: Existing[],
  keyOf: (item: Existing) => string,
  problems: ErrorDetail[],
  options: { ignoreCase?: boolean; path?: Path; noun: string } = { noun: kind },
): (Existing | null)[] {
  const fold = (key: string) => (options.ignoreCase ? key.toLowerCase() : key);
  const base = options.path ?? [kind];
  const byKey = new Map<string, Existing[]>();
  for (const item of existing) byKey.set(fold(keyOf(item)), [...(byKey.get(fold(keyOf(item))) ?? []), item]);
  const taken = new Map<string, number>();
  const seen = new Map<string, number>();
  return wanted.map((want, index) => {
    const path = fieldPath([...base, index]);
    if (!want.id) {
      const first = seen.get(fold(want.key));
      if (first !== undefined) {
        problems.push({ field: path, message: `“${want.key}” is also the name of ${fieldPath([...base, first])}: apply matches each ${options.noun} by name, so give each its own (or an id).` });
        return null;
      }
      seen.set(fold(want.key), index);
    }
    let found: Existing | null = null;
    if (want.id) {
      found = existing.find((item) => item.id === want.id) ?? null;
      if (!found) {
        problems.push({ field: `${path}.id`, message: `No ${options.noun} of this team has this id: remove the id to create it, or correct it.` });
        return null;
      }
    } else {
      const candidates = byKey.get(fold(want.key)) ?? [];
      if (candidates.length > 1) {
        problems.push({ field: path, message: `This team has ${candidates.length} ${options.noun}s named “${want.key}”: add the id of the one you mean (${candidates.map((c) => c.id).join(', ')}).` });
        return null;
      }
      found = candidates[0] ?? null;
    }
    if (found) {
      const other = taken.get(found.id);
      if (other !== undefined) {
        problems.push({ field: path, message: `This is the same ${options.noun} as ${fieldPath([...base, other])}.` });
        return null;
      }
      taken.set(found.id, index);
    }
    return found;
  });
}

class Pass {
  readonly plan: PlanItem[] = [];
  readonly problems: ErrorDetail[] = [];
  readonly created: ApplyResult['created'] = [];
  /** Names (kind → name) whose write failed: references to them are not reported again. */
  private readonly failed = new Set<string>();

  constructor(
    readonly ctx: TeamContext,
    readonly names: Names,
  ) {}

  /** An error of one object's write, its fields as the file names them. */
  private report(error: unknown, path: Path, fields: Record<string, string> = {}) {
    if (!(error instanceof AppError)) throw error;
    const details = error.options.details?.length ? error.options.details : [{ message: error.message }];
    for (const detail of details) {
      const [first, ...rest] = (detail.field ?? '').split('.');
      const field = first ? [fields[first] ?? first, ...rest].join('.') : '';
      this.problems.push({ field: [fieldPath(path), field].filter(Boolean).join('.'), message: detail.message });
    }
  }

  /** One object's write in its own savepoint: an error is reported and the pass goes on (it will roll back). */
  async step(kind: ConfigKind, name: string, path: Path, fields: Record<string, string>, write: () => Promise<void>): Promise<boolean> {
    try {
      await atomically(write);
      return true;
    } catch (error) {
      this.failed.add(`${kind}:${name}`);
      this.report(error, path, fields);
      return false;
    }
  }

  /** Create, or change and compare: a write that changes nothing in the file's terms is rolled back and planned as unchanged. */
  async upsert<Shape>(
    kind: ConfigKind,
    name: string,
    path: Path,
    id: string | null,
    io: { read: (id: string) => Promise<Shape>; create: () => Promise<string>; update: (id: string) => Promise<void>; secrets?: (id: string) => Promise<Record<string, unknown>> },
    fields: Record<string, string> = {},
  ): Promise<string | null> {
    let result: string | null = null;
    await this.step(kind, name, path, fields, async () => {
      if (!id) {
        result = await io.create();
        this.plan.push({ kind, name, action: 'create', changes: differences({}, await io.read(result)) });
        return;
      }
      result = id;
      const item = await atomically(
        async () => {
          const [before, secretsBefore] = [await io.read(id), await io.secrets?.(id)];
          await io.update(id);
          const changes = differences(before, await io.read(id));
          const secretsAfter = await io.secrets?.(id);
          for (const secret of SECRET_CHANNEL_FIELDS) {
            if (JSON.stringify(secretsBefore?.[secret] ?? null) !== JSON.stringify(secretsAfter?.[secret] ?? null)) changes.push({ field: `${secret} (secret)` });
          }
          return { kind, name, action: changes.length ? 'update' : 'unchanged', changes } satisfies PlanItem;
        },
        (planned) => planned.action === 'update',
      );
      this.plan.push(item);
    });
    return result;
  }

  async remove(kind: ConfigKind, name: string, remove: () => Promise<void>) {
    if (await this.step(kind, name, [kind], {}, remove)) this.plan.push({ kind, name, action: 'delete', changes: [] });
  }

  /** Ids of the named objects; a name that is nowhere is reported at its place in the file. */
  ids(kind: 'agents' | 'monitors' | 'statusPages', wanted: string[], path: Path): string[] {
    const map = kind === 'agents' ? this.names.agents : kind === 'monitors' ? this.names.monitors : this.names.pages;
    const fold = (text: string) => (kind === 'monitors' ? text : text.toLowerCase());
    const noun = kind === 'agents' ? 'agent' : kind === 'monitors' ? 'monitor' : 'status page';
    return wanted.flatMap((name, index) => {
      const ids = [...map].filter(([, value]) => fold(value) === fold(name)).map(([id]) => id);
      if (ids.length === 1) return ids;
      if (this.failed.has(`${kind}:${name}`)) return [];
      this.problems.push({
        field: fieldPath([...path, index]),
        message: ids.length ? `This team has ${ids.length} ${kind} named “${name}”: give them different names.` : `No ${noun} ${kind === 'statusPages' ? 'with the slug' : 'named'} “${name}” in this team or this file.`,
      });
      return [];
    });
  }
}

/** The document as the schema reads it, after `${NAME}` substitution: 400 naming every problem. */
function parseDocument(request: ApplyRequest) {
  const substituted = substituteEnv(request.document, request.env);
  const details: ErrorDetail[] = substituted.errors.map((problem) => ({ field: fieldPath(problem.path), message: problem.message }));
  const parsed = configDocumentSchema.safeParse(substituted.document ?? {});
  if (!parsed.success) details.push(...zodDetails(parsed.error));
  if (details.length || !parsed.success) throw invalidFile(details);
  return { document: parsed.data, substituted };
}

const sha = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('base64url');

export async function applyConfig(ctx: TeamContext, request: ApplyRequest): Promise<ApplyResult> {
  // Apply writes every kind of object: an editor's token (a dry run included, which runs the writes).
  requireRole(ctx, PERMISSIONS.manageMonitors);
  const { document, substituted } = parseDocument(request);
  const warnings = substituted.warnings.map((warning) => ({ field: fieldPath(warning.path), message: warning.message }));
  const unsetSecret = new Map(substituted.unsetSecrets.map((secret) => [fieldPath(secret.path.slice(0, 2)), secret]));

  let stale = false;
  const { result, problems } = await atomically(
    async () => {
      const team = await readTeamObjects(ctx);
      const problems: ErrorDetail[] = [];
      const matched = matchAll(document, team, problems);
      checkReferences(document, team, problems);
      if (problems.length) return { result: null, problems };
      const pass = new Pass(ctx, team.names);
      await applyAgents(pass, document, matched.agents);
      await applyMonitors(pass, document, matched.monitors);
      await applyChannels(pass, document, matched.channels, unsetSecret);
      await applyStatusPages(pass, document, matched.statusPages);
      await applyMaintenance(pass, document, matched.maintenance);
      if (request.prune) await prune(pass, team, matched);
      if (pass.problems.length) return { result: null, problems: pass.problems };
      const planHash = sha(pass.plan);
      if (!request.dryRun && request.planHash && request.planHash !== planHash) {
        stale = true;
        return { result: null, problems: [] };
      }
      const count = (action: PlanItem['action']) => pass.plan.filter((item) => item.action === action).length;
      const result: ApplyResult = {
        applied: !request.dryRun,
        planHash,
        plan: pass.plan,
        summary: { create: count('create'), update: count('update'), delete: count('delete'), unchanged: count('unchanged') },
        warnings,
        created: request.dryRun ? [] : pass.created,
      };
      return { result, problems: [] };
    },
    (outcome) => outcome.result !== null && !request.dryRun,
  );
  if (stale) throw new AppError('CONFLICT', 'The team’s setup changed since the plan you confirmed: nothing was applied. Run apply again to see the new plan.');
  if (!result) throw invalidFile(problems);
  if (result.applied) wakeDeliveryWorker();
  return result;
}

function matchAll(document: ConfigDocument, team: TeamObjects, problems: ErrorDetail[]) {
  const builtin = team.agents.find((agent) => agent.kind === 'builtin') ?? null;
  const remote = team.agents.filter((agent) => agent.kind === 'remote');
  const agents = document.agents.map((agent, index) => {
    if (!agent.builtIn) return null;
    if (agent.id && builtin?.id !== agent.id) problems.push({ field: `agents[${index}].id`, message: 'This is not the id of this team’s built-in agent.' });
    return builtin;
  });
  const wantedRemote = document.agents.map((agent) => ({ id: agent.builtIn ? undefined : agent.id, key: agent.builtIn ? '' : agent.name }));
  const remoteMatches = match('agents', wantedRemote, remote, (agent) => agent.name, problems, { ignoreCase: true, noun: 'agent' });
  if (document.agents.filter((agent) => agent.builtIn).length > 1) problems.push({ field: 'agents', message: 'A team has one built-in agent: mark only one agent builtIn.' });
  document.agents.forEach((agent, index) => {
    if (!agent.builtIn) agents[index] = remoteMatches[index] ?? null;
  });
  return {
    agents,
    monitors: match('monitors', document.monitors.map((m) => ({ id: m.id, key: m.name })), team.monitors, (m) => m.name, problems, { noun: 'monitor' }),
    channels: match('channels', document.channels.map((c) => ({ id: c.id, key: c.name })), team.channels, (c) => c.name, problems, { ignoreCase: true, noun: 'channel' }),
    statusPages: match('statusPages', document.statusPages.map((p) => ({ id: p.id, key: p.slug })), team.statusPages, (p) => p.slug, problems, { ignoreCase: true, noun: 'status page' }),
    maintenance: match('maintenance', document.maintenance.map((w) => ({ id: w.id, key: w.title })), team.maintenance, (w) => w.title, problems, { noun: 'maintenance window' }),
  };
}
type Matched = ReturnType<typeof matchAll>;

/** Every reference names an object of the team or of the file (agents ignoring case, monitors exactly, pages by slug). */
function checkReferences(document: ConfigDocument, team: TeamObjects, problems: ErrorDetail[]) {
  const known = {
    agents: new Set([...team.agents.map((a) => a.name), ...document.agents.map((a) => a.name)].map((name) => name.toLowerCase())),
    monitors: new Set([...team.monitors.map((m) => m.name), ...document.monitors.map((m) => m.name)]),
    statusPages: new Set([...team.statusPages.map((p) => p.slug), ...document.statusPages.map((p) => p.slug)].map((slug) => slug.toLowerCase())),
  };
  const check = (kind: keyof typeof known, names: string[], path: Path) =>
    names.forEach((name, index) => {
      if (known[kind].has(kind === 'monitors' ? name : name.toLowerCase())) return;
      const noun = kind === 'agents' ? 'No agent named' : kind === 'monitors' ? 'No monitor named' : 'No status page with the slug';
      problems.push({ field: fieldPath([...path, index]), message: `${noun} “${name}” in this team or this file.` });
    });
  document.monitors.forEach((monitor, m) => {
    if (monitor.agent !== undefined && !known.agents.has(monitor.agent.toLowerCase())) {
      problems.push({ field: `monitors[${m}].agent`, message: `No agent named “${monitor.agent}” in this team or this file.` });
    }
    check('agents', monitor.locations, ['monitors', m, 'locations']);
  });
  document.channels.forEach((channel, c) => channel.monitors !== 'all' && check('monitors', channel.monitors, ['channels', c, 'monitors']));
  document.statusPages.forEach((page, p) => page.components.forEach((component, c) => check('monitors', component.monitors, ['statusPages', p, 'components', c, 'monitors'])));
  document.maintenance.forEach((window, w) => {
    check('monitors', window.monitors, ['maintenance', w, 'monitors']);
    check('statusPages', window.statusPages, ['maintenance', w, 'statusPages']);
  });
}

async function applyAgents(pass: Pass, document: ConfigDocument, matched: Matched['agents']) {
  for (const [index, agent] of document.agents.entries()) {
    const path = ['agents', index];
    const current = matched[index];
    const named = agentNameSchema.safeParse(agent.name);
    if (!named.success) {
      pass.problems.push(...zodDetails(named.error).map((detail) => ({ field: `${fieldPath(path)}.name`, message: detail.message })));
      continue;
    }
    await pass.step('agents', agent.name, path, {}, async () => {
      if (!current) {
        const { id, token } = await createAgent({ ctx: pass.ctx, input: { name: agent.name, kind: agent.builtIn ? 'builtin' : 'remote' } });
        pass.names.agents.set(id, agent.name);
        pass.plan.push({ kind: 'agents', name: agent.name, action: 'create', changes: [{ field: 'builtIn', to: agent.builtIn }] });
        if (token) pass.created.push({ kind: 'agents', name: agent.name, secret: token, what: 'agent token' });
      } else if (current.name !== agent.name) {
        await renameAgent({ ctx: pass.ctx, input: { agentId: current.id, name: agent.name } });
        pass.names.agents.set(current.id, agent.name);
        pass.plan.push({ kind: 'agents', name: agent.name, action: 'update', changes: [{ field: 'name', from: current.name, to: agent.name }] });
      } else {
        pass.plan.push({ kind: 'agents', name: agent.name, action: 'unchanged', changes: [] });
      }
    });
  }
}

async function applyMonitors(pass: Pass, document: ConfigDocument, matched: Matched['monitors']) {
  for (const [index, monitor] of document.monitors.entries()) {
    const path = ['monitors', index];
    const input = monitorInput(pass, monitor, path);
    if (!input) continue;
    await pass.upsert(
      'monitors',
      monitor.name,
      path,
      matched[index]?.id ?? null,
      {
        read: (id) => readOne.monitors(pass.ctx, id, pass.names),
        create: async () => {
          const { id } = await createMonitor({ ctx: pass.ctx, input: monitorInputOf(input) });
          pass.names.monitors.set(id, monitor.name);
          return id;
        },
        update: async (id) => {
          pass.names.monitors.set(id, monitor.name);
          await updateMonitor({ ctx: pass.ctx, input: { ...monitorInputOf(input), monitorId: id } });
        },
      },
      FILE_FIELD.monitors,
    );
  }
}

function monitorInput(pass: Pass, monitor: MonitorConfig, path: Path) {
  const { id: _id, agent, locations, ...fields } = monitor;
  const before = pass.problems.length;
  const [agentId] = agent === undefined ? [undefined] : pass.ids('agents', [agent], [...path, 'agent']);
  if (agent !== undefined && !agentId && pass.problems.length === before) return null;
  const locationIds = pass.ids('agents', locations, [...path, 'locations']);
  if (pass.problems.length > before) return null;
  return { ...fields, agentId, locations: locationIds };
}

async function applyChannels(pass: Pass, document: ConfigDocument, matched: Matched['channels'], unsetSecret: Map<string, { path: Path; name: string }>) {
  for (const [index, channel] of document.channels.entries()) {
    const path = ['channels', index];
    const current = matched[index];
    const unset = unsetSecret.get(fieldPath(path));
    if (!current && unset) {
      pass.problems.push({ field: fieldPath(unset.path), message: `\${${unset.name}} is not set in the environment (a new channel needs this secret).` });
      continue;
    }
    const { id: _id, monitors, ...fields } = channel;
    const monitorIds = monitors === 'all' ? [] : pass.ids('monitors', monitors, [...path, 'monitors']);
    const input = (editing: boolean) => channelInputOf({ ...fields, allMonitors: monitors === 'all', monitorIds }, editing);
    await pass.upsert<ChannelConfig>(
      'channels',
      channel.name,
      path,
      current?.id ?? null,
      {
        read: (id) => readOne.channels(pass.ctx, id, pass.names),
        secrets: async (id) => (await channelSecrets(pass.ctx, id)) as Record<string, unknown>,
        create: async () => {
          const { id, signingSecret } = await createChannel({ ctx: pass.ctx, input: input(false) });
          if (signingSecret) pass.created.push({ kind: 'channels', name: channel.name, secret: signingSecret, what: 'webhook signing secret' });
          return id;
        },
        update: (id) => updateChannel({ ctx: pass.ctx, input: { ...input(true), channelId: id } }),
      },
      FILE_FIELD.channels,
    );
  }
}

async function applyStatusPages(pass: Pass, document: ConfigDocument, matched: Matched['statusPages']) {
  for (const [index, page] of document.statusPages.entries()) {
    const path = ['statusPages', index];
    const { id: _id, components, ...fields } = page;
    const current = matched[index] ?? null;
    const componentMatches = match(
      'statusPages',
      components.map((component) => ({ id: component.id, key: component.name })),
      current?.components ?? [],
      (component) => component.name,
      pass.problems,
      { path: [...path, 'components'], noun: 'component' },
    );
    const componentMonitors = components.map((component, c) => pass.ids('monitors', component.monitors, [...path, 'components', c, 'monitors']));
    const write = async (pageId: string) => {
      const ids: string[] = [];
      for (const [c, component] of components.entries()) {
        const { id: _componentId, monitors: _monitors, ...componentFields } = component;
        const input = byForm(componentFormSchema, { ...componentFields, monitorIds: componentMonitors[c] }, 'component');
        const existing = componentMatches[c];
        if (existing) await updateComponent({ ctx: pass.ctx, input: { ...input, componentId: existing.id } });
        const id = existing?.id ?? (await addComponent({ ctx: pass.ctx, input: { ...input, pageId } })).id;
        ids.push(id);
      }
      for (const component of current?.components ?? []) {
        if (!ids.includes(component.id)) await deleteComponent({ ctx: pass.ctx, input: { componentId: component.id } });
      }
      // The file's order: each component moved up to its place (the others keep theirs).
      for (const [place, id] of ids.entries()) {
        const order = (await readOne.statusPageComponents(pass.ctx, pageId)).map((component) => component.id);
        for (let at = order.indexOf(id); at > place; at--) await moveComponent({ ctx: pass.ctx, input: { componentId: id, direction: 'up' } });
      }
    };
    await pass.upsert<StatusPageConfig>(
      'statusPages',
      page.slug,
      path,
      current?.id ?? null,
      {
        read: (id) => readOne.statusPages(pass.ctx, id, pass.names),
        create: async () => {
          const { id } = await createStatusPage({ ctx: pass.ctx, input: byForm(statusPageFormSchema, fields, 'status page') });
          pass.names.pages.set(id, page.slug);
          await write(id);
          return id;
        },
        update: async (id) => {
          await updateStatusPage({ ctx: pass.ctx, input: { ...byForm(statusPageFormSchema, fields, 'status page'), pageId: id } });
          pass.names.pages.set(id, page.slug);
          await write(id);
        },
      },
      FILE_FIELD.statusPages,
    );
  }
}

async function applyMaintenance(pass: Pass, document: ConfigDocument, matched: Matched['maintenance']) {
  for (const [index, window] of document.maintenance.entries()) {
    const path = ['maintenance', index];
    const { id: _id, monitors, statusPages, ...fields }: MaintenanceConfig = window;
    const monitorIds = pass.ids('monitors', monitors, [...path, 'monitors']);
    const pageIds = pass.ids('statusPages', statusPages, [...path, 'statusPages']);
    const input = () => maintenanceInputOf({ ...fields, monitorIds, pageIds, end: undefined });
    await pass.upsert(
      'maintenance',
      window.title,
      path,
      matched[index]?.id ?? null,
      {
        read: (id) => readOne.maintenance(pass.ctx, id, pass.names),
        create: async () => (await createMaintenance({ ctx: pass.ctx, input: input() })).id,
        update: (id) => updateMaintenance({ ctx: pass.ctx, input: { ...input(), windowId: id } }),
      },
      FILE_FIELD.maintenance,
    );
  }
}

/** --prune: what the team has and the file does not name, in the reverse order of creation (the built-in agent stays). */
async function prune(pass: Pass, team: TeamObjects, matched: Matched) {
  const kept = (list: ({ id: string } | null)[]) => new Set(list.flatMap((item) => (item ? [item.id] : [])));
  const ctx = pass.ctx;
  const keptWindows = kept(matched.maintenance);
  for (const window of team.maintenance) if (!keptWindows.has(window.id)) await pass.remove('maintenance', window.title, () => deleteMaintenance({ ctx, input: { windowId: window.id } }));
  const keptPages = kept(matched.statusPages);
  for (const page of team.statusPages) if (!keptPages.has(page.id)) await pass.remove('statusPages', page.slug, () => deleteStatusPage({ ctx, input: { pageId: page.id } }));
  const keptChannels = kept(matched.channels);
  for (const channel of team.channels) if (!keptChannels.has(channel.id)) await pass.remove('channels', channel.name, () => deleteChannel({ ctx, input: { channelId: channel.id } }));
  const keptMonitors = kept(matched.monitors);
  for (const monitor of team.monitors) if (!keptMonitors.has(monitor.id)) await pass.remove('monitors', monitor.name, () => deleteMonitor({ ctx, input: { monitorId: monitor.id } }));
  const keptAgents = kept(matched.agents);
  for (const agent of team.agents) {
    if (agent.kind === 'remote' && !keptAgents.has(agent.id)) await pass.remove('agents', agent.name, () => deleteAgent({ ctx, input: { agentId: agent.id } }));
  }
}
