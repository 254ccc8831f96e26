import type { z } from 'zod';
import {
  agentInputSchema,
  agentSchema,
  agentTokenSchema,
  agentWithTokenSchema,
  emptyBodySchema,
  extendSchema,
  listQuerySchema,
  maintenanceInputSchema,
  maintenancePatchSchema,
  maintenanceSchema,
  incidentDetailSchema,
  incidentListQuerySchema,
  incidentSchema,
  monitorInputSchema,
  monitorListQuerySchema,
  monitorPatchSchema,
  monitorSchema,
  pageOf,
  pauseSchema,
  moveComponentSchema,
  certificateSchema,
  domainSchema,
  pingUrlSchema,
  componentInputSchema,
  componentPatchSchema,
  postInputSchema,
  postSchema,
  postUpdateInputSchema,
  statusPageInputSchema,
  statusPagePatchSchema,
  statusPageSchema,
  channelCreatedSchema,
  channelInputSchema,
  channelPatchSchema,
  escalationPolicyInputSchema,
  escalationPolicyPatchSchema,
  escalationPolicySchema,
  reportQuerySchemaApi,
  reportSchema,
  sloInputSchema,
  sloPatchSchema,
  sloSchema,
  channelSchema,
  heartbeatQuerySchema,
  heartbeatSchema,
  memberSchema,
  usageSchema,
  summaryQuerySchema,
  summarySchema,
} from './api';
import { applyRequestSchema, applyResultSchema, exportResultSchema } from './config';

// The management API's part of /api/v1/openapi.json, from the zod schemas the handlers
// validate with (lib/contracts/api.ts). Each operation lists every answer it can give.

type ToSchema = (zodSchema: z.ZodType) => unknown;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });
const error = (description: string, headers?: Record<string, unknown>) => ({ description, ...(headers ? { headers } : {}), content: json('Error') });

const rateLimitHeaders = {
  'RateLimit-Policy': { description: 'The quota: `"per-token";q=<requests>;w=60` (draft-ietf-httpapi-ratelimit-headers).', schema: { type: 'string' } },
  RateLimit: { description: 'What is left: `"per-token";r=<remaining>;t=<seconds to reset>`.', schema: { type: 'string' } },
};
const etag = { ETag: { description: 'The representation’s tag, for If-Match.', schema: { type: 'string' } } };
const retryAfter = { 'Retry-After': { description: 'Seconds to wait.', schema: { type: 'integer' } } };

const common = {
  '401': error('Missing, malformed, unknown, expired or revoked token.'),
  '429': error('Over the token’s rate limit.', { ...rateLimitHeaders, ...retryAfter }),
  '503': error('The database is unreachable.', retryAfter),
};
const writeErrors = {
  '400': error('Malformed JSON, an unknown field (named), or a field that is not valid; `details` names each.'),
  '403': error('The token’s role may not do this.'),
  '413': error('The body is larger than 256 kB.'),
  '415': error('The body is not JSON.'),
};
const idParam = (what: string) => ({ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' }, description: `The ${what}’s id.` });
const ifMatch = { name: 'If-Match', in: 'header', required: false, schema: { type: 'string' }, description: 'Refuse (412) unless the resource still has this ETag.' };
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  schema: { type: 'string', maxLength: 255 },
  description: 'The same key with the same body within 24 hours gets the first answer again (with `Idempotent-Replayed: true`); with another body, 422.',
};

/** Query parameters from a zod object: each field a parameter. */
function queryParameters(toSchema: ToSchema, schema: z.ZodObject): unknown[] {
  const document = toSchema(schema) as { properties: Record<string, { description?: string }>; required?: string[] };
  return Object.entries(document.properties).map(([name, property]) => ({
    name,
    in: 'query',
    required: document.required?.includes(name) ?? false,
    schema: property,
    ...(property.description ? { description: property.description } : {}),
  }));
}

const ok = (description: string, schemaName: string, headers: Record<string, unknown> = {}) => ({
  description,
  headers: { ...rateLimitHeaders, ...headers },
  content: json(schemaName),
});

function operation(spec: {
  id: string;
  summary: string;
  role: 'viewer' | 'responder' | 'editor';
  parameters?: unknown[];
  body?: string;
  responses: Record<string, unknown>;
}) {
  return {
    operationId: spec.id,
    summary: spec.summary,
    description: `Least token role: ${spec.role}.`,
    security: [{ apiToken: [] }],
    ...(spec.parameters?.length ? { parameters: spec.parameters } : {}),
    ...(spec.body ? { requestBody: { required: true, content: json(spec.body) } } : {}),
    responses: { ...spec.responses, ...common, ...(spec.body ? writeErrors : { '400': writeErrors['400'] }) },
  };
}

export function managementPaths(toSchema: ToSchema = () => ({})) {
  const notFound = (what: string) => ({ '404': error(`No such ${what} in the token’s team.`) });
  const stale = { '412': error('If-Match does not match the current ETag.') };
  const replayed = { '409': error('A request with this Idempotency-Key is still being answered.'), '422': error('The Idempotency-Key was used with another body, or a plan limit is reached.') };

  /** GET, PATCH and DELETE of one object at /{id}: the answers every resource gives (lib/api/item-routes.ts). */
  const itemPaths = (spec: {
    what: string;
    schema: string;
    get: [id: string, summary: string];
    patch: [id: string, summary: string, body: string, more: Record<string, unknown>];
    remove: [id: string, summary: string];
  }) => ({
    get: operation({ id: spec.get[0], summary: spec.get[1], role: 'viewer', parameters: [idParam(spec.what)], responses: { '200': ok(`The ${spec.what}.`, spec.schema, etag), ...notFound(spec.what) } }),
    patch: operation({
      id: spec.patch[0],
      summary: spec.patch[1],
      role: 'editor',
      parameters: [idParam(spec.what), ifMatch],
      body: spec.patch[2],
      responses: { '200': ok(`The ${spec.what} as it is now.`, spec.schema, etag), ...notFound(spec.what), ...stale, ...spec.patch[3] },
    }),
    delete: operation({
      id: spec.remove[0],
      summary: spec.remove[1],
      role: 'editor',
      parameters: [idParam(spec.what), ifMatch],
      responses: { '204': { description: 'Deleted.', headers: rateLimitHeaders }, ...notFound(spec.what), ...stale, '403': writeErrors['403'] },
    }),
  });
  return {
    '/api/v1/monitors': {
      get: operation({
        id: 'listMonitors',
        summary: 'The team’s monitors, oldest first, a page at a time.',
        role: 'viewer',
        parameters: queryParameters(toSchema, monitorListQuerySchema),
        responses: { '200': ok('A page.', 'MonitorPage', { Link: { description: '`<…?cursor=…>; rel="next"` when there is a next page.', schema: { type: 'string' } } }) },
      }),
      post: operation({
        id: 'createMonitor',
        summary: 'Create a monitor (the same rules as the monitor form).',
        role: 'editor',
        parameters: [idempotencyKey],
        body: 'MonitorInput',
        responses: { '201': ok('Created.', 'Monitor', { ...etag, Location: { schema: { type: 'string' } } }), ...notFound('agent'), ...replayed },
      }),
    },
    '/api/v1/monitors/{id}': itemPaths({ what: 'monitor', schema: 'Monitor', get: ['getMonitor', 'One monitor.'], patch: ['updateMonitor', 'Change some of a monitor’s fields; `options` are merged into the current ones.', 'MonitorPatch', { '422': error('A plan limit is reached.') }], remove: ['deleteMonitor', 'Delete a monitor and its history.'] }),
    '/api/v1/monitors/{id}/summary': {
      get: operation({
        id: 'monitorSummary',
        summary: 'Uptime, downtime and latency percentiles over a range: the numbers the monitor page shows, from the same function.',
        role: 'viewer',
        parameters: [idParam('monitor'), ...queryParameters(toSchema, summaryQuerySchema)],
        responses: { '200': ok('The summary.', 'Summary'), ...notFound('monitor') },
      }),
    },
    '/api/v1/monitors/{id}/heartbeats': {
      get: operation({
        id: 'monitorHeartbeats',
        summary: 'A monitor’s heartbeats: a page, newest first; or with `format=ndjson|csv` and `from`–`to`, every one of the range, oldest first, streamed.',
        role: 'viewer',
        parameters: [idParam('monitor'), ...queryParameters(toSchema, heartbeatQuerySchema)],
        responses: {
          '200': {
            description: 'A page (JSON), or the stream.',
            headers: { ...rateLimitHeaders, Link: { description: '`<…?cursor=…>; rel="next"` when there is a next page.', schema: { type: 'string' } } },
            content: {
              ...json('HeartbeatPage'),
              'application/x-ndjson': { schema: { type: 'string', description: 'One Heartbeat object per line, plus `degraded`.' } },
              'text/csv': { schema: { type: 'string', description: 'time,status,latency_ms,error_message,location,degraded (formula-safe).' } },
            },
          },
          ...notFound('monitor'),
        },
      }),
    },
    '/api/v1/monitors/{id}/pause': {
      post: operation({
        id: 'pauseMonitor',
        summary: 'Pause a monitor, until resumed or for `minutes` (it resumes by itself within 15 s of that).',
        role: 'editor',
        parameters: [idParam('monitor'), idempotencyKey],
        body: 'Pause',
        responses: { '200': ok('The paused monitor.', 'Monitor', etag), ...notFound('monitor'), ...replayed },
      }),
    },
    '/api/v1/monitors/{id}/resume': {
      post: operation({
        id: 'resumeMonitor',
        summary: 'Resume a paused monitor.',
        role: 'editor',
        parameters: [idParam('monitor'), idempotencyKey],
        body: 'Empty',
        responses: { '200': ok('The monitor.', 'Monitor', etag), ...notFound('monitor'), ...replayed },
      }),
    },
    '/api/v1/agents': {
      get: operation({
        id: 'listAgents',
        summary: 'The team’s agents, oldest first, a page at a time.',
        role: 'viewer',
        parameters: queryParameters(toSchema, listQuerySchema),
        responses: { '200': ok('A page.', 'AgentPage', { Link: { description: '`<…?cursor=…>; rel="next"` when there is a next page.', schema: { type: 'string' } } }) },
      }),
      post: operation({
        id: 'createAgent',
        summary: 'Add a remote agent; its token is in this answer and never again.',
        role: 'editor',
        parameters: [idempotencyKey],
        body: 'AgentInput',
        responses: { '201': ok('Created, with its token.', 'AgentWithToken', { ...etag, Location: { schema: { type: 'string' } } }), '409': error('The team has an agent of that name.'), '422': replayed['422'] },
      }),
    },
    '/api/v1/agents/{id}': itemPaths({ what: 'agent', schema: 'Agent', get: ['getAgent', 'One agent.'], patch: ['renameAgent', 'Rename an agent.', 'AgentInput', { '409': error('The team has an agent of that name.') }], remove: ['deleteAgent', 'Delete an agent, and the monitors it is the only location of (with their history).'] }),
    '/api/v1/agents/{id}/rotate': {
      post: operation({
        id: 'rotateAgentToken',
        summary: 'A new token for a remote agent; the old one stops working at once.',
        role: 'editor',
        parameters: [idParam('agent'), idempotencyKey],
        body: 'Empty',
        responses: { '200': ok('The new token.', 'AgentToken'), ...notFound('remote agent'), '422': replayed['422'] },
      }),
    },
    '/api/v1/maintenance': {
      get: operation({ id: 'listMaintenance', summary: 'The team’s maintenance windows, under way and upcoming first (one page).', role: 'viewer', responses: { '200': ok('Every window.', 'MaintenancePage') } }),
      post: operation({
        id: 'createMaintenance',
        summary: 'Plan maintenance (the maintenance form’s rules); `"start":"now"` with `durationMinutes` opens it at once.',
        role: 'editor',
        parameters: [idempotencyKey],
        body: 'MaintenanceInput',
        responses: { '201': ok('Created.', 'Maintenance', { ...etag, Location: { schema: { type: 'string' } } }), ...notFound('monitor or page'), '422': replayed['422'] },
      }),
    },
    '/api/v1/maintenance/{id}': itemPaths({ what: 'maintenance', schema: 'Maintenance', get: ['getMaintenance', 'One window, with the occurrence under way and the next ones.'], patch: ['updateMaintenance', 'Change some of a window’s fields.', 'MaintenancePatch', {}], remove: ['deleteMaintenance', 'Delete a window (an occurrence under way ends now).'] }),
    '/api/v1/maintenance/{id}/end': {
      post: operation({
        id: 'endMaintenance',
        summary: 'End the occurrence under way now.',
        role: 'responder',
        parameters: [idParam('maintenance'), idempotencyKey],
        body: 'Empty',
        responses: { '200': ok('The window.', 'Maintenance', etag), ...notFound('maintenance'), '409': error('No occurrence is under way.'), '422': replayed['422'] },
      }),
    },
    '/api/v1/maintenance/{id}/extend': {
      post: operation({
        id: 'extendMaintenance',
        summary: 'Lengthen the occurrence under way by `minutes`.',
        role: 'responder',
        parameters: [idParam('maintenance'), idempotencyKey],
        body: 'Extend',
        responses: { '200': ok('The window.', 'Maintenance', etag), ...notFound('maintenance'), '409': error('No occurrence is under way, or it would run into the next.'), '422': replayed['422'] },
      }),
    },
    '/api/v1/channels': {
      get: operation({ id: 'listChannels', summary: 'The team’s notification channels (one page); secrets as set or unset, never their values.', role: 'viewer', responses: { '200': ok('Every channel.', 'ChannelPage') } }),
      post: operation({
        id: 'createChannel',
        summary: 'Add a notification channel (the channel form’s rules: its kind’s fields, a reachable public destination).',
        role: 'editor',
        parameters: [idempotencyKey],
        body: 'ChannelInput',
        responses: { '201': ok('Created; a webhook’s signing secret is in this answer only.', 'ChannelCreated', { ...etag, Location: { schema: { type: 'string' } } }), '409': error('The team has a channel of that name.'), '422': replayed['422'] },
      }),
    },
    '/api/v1/channels/{id}': itemPaths({ what: 'channel', schema: 'Channel', get: ['getChannel', 'One channel.'], patch: ['updateChannel', 'Change some of a channel’s fields; an absent secret keeps the saved one; the kind never changes.', 'ChannelPatch', { '409': error('The team has a channel of that name.') }], remove: ['deleteChannel', 'Delete a channel.'] }),
    '/api/v1/escalation-policies': {
      get: operation({ id: 'listEscalationPolicies', summary: 'The team’s escalation policies (one page).', role: 'viewer', responses: { '200': ok('Every policy.', 'EscalationPolicyPage') } }),
      post: operation({
        id: 'createEscalationPolicy',
        summary: 'Add an escalation policy: steps that each notify channels (or every responder by e-mail), then wait for an acknowledgement.',
        role: 'editor',
        parameters: [idempotencyKey],
        body: 'EscalationPolicyInput',
        responses: { '201': ok('Created.', 'EscalationPolicy', { ...etag, Location: { schema: { type: 'string' } } }), '404': error('A channel is not the team’s.'), '409': error('The team has a policy of that name.'), '422': replayed['422'] },
      }),
    },
    '/api/v1/escalation-policies/{id}': itemPaths({
      what: 'escalation policy',
      schema: 'EscalationPolicy',
      get: ['getEscalationPolicy', 'One escalation policy.'],
      patch: ['updateEscalationPolicy', 'Change a policy: what the body names is replaced (steps as a whole); incidents escalating by it go on from the step they are at.', 'EscalationPolicyPatch', { '409': error('The team has a policy of that name.') }],
      remove: ['deleteEscalationPolicy', 'Delete a policy: its monitors keep their channels; escalations by it stop.'],
    }),
    '/api/v1/slos': {
      get: operation({ id: 'listSlos', summary: 'The team’s SLOs with their attainment, error budget and burn rates now (one page).', role: 'viewer', responses: { '200': ok('Every SLO.', 'SloPage') } }),
      post: operation({
        id: 'createSlo',
        summary: 'Add an SLO: a target for a monitor or a status page component over a rolling or calendar window.',
        role: 'editor',
        parameters: [idempotencyKey],
        body: 'SloInput',
        responses: { '201': ok('Created.', 'Slo', { ...etag, Location: { schema: { type: 'string' } } }), '404': error('The monitor or component is not the team’s.'), '409': error('The team has an SLO of that name.'), '422': replayed['422'] },
      }),
    },
    '/api/v1/slos/{id}': itemPaths({
      what: 'SLO',
      schema: 'Slo',
      get: ['getSlo', 'One SLO with its numbers now.'],
      patch: ['updateSlo', 'Change an SLO: what the body names is replaced (to move it from a monitor to a component, send monitorId: null too); its alerts start afresh.', 'SloPatch', { '409': error('The team has an SLO of that name.') }],
      remove: ['deleteSlo', 'Delete an SLO (the checks stay).'],
    }),
    '/api/v1/reports': {
      get: operation({
        id: 'report',
        summary: 'A report over whole days: per monitor (or component) the numbers GET /monitors/{id}/summary gives for the same window, incidents with MTTA and MTTR, SLOs over the period; as JSON, CSV or PDF.',
        role: 'viewer',
        parameters: queryParameters(toSchema, reportQuerySchemaApi),
        responses: {
          '200': {
            description: 'The report.',
            headers: rateLimitHeaders,
            content: {
              ...json('Report'),
              'text/csv': { schema: { type: 'string', description: 'A line per monitor (or component) and SLO, then the incidents (formula-safe).' } },
              'application/pdf': { schema: { type: 'string', format: 'binary', description: 'The report as a printable PDF, its day chart included.' } },
            },
          },
          '404': error('The status page is not the team’s.'),
        },
      }),
    },
    '/api/v1/channels/{id}/test': {
      post: operation({
        id: 'testChannel',
        summary: 'Queue a test message through the channel (see its delivery log).',
        role: 'editor',
        parameters: [idParam('channel'), idempotencyKey],
        body: 'Empty',
        responses: { '202': ok('Queued.', 'Queued'), ...notFound('channel'), '422': replayed['422'] },
      }),
    },
    '/api/v1/status-pages': {
      get: operation({ id: 'listStatusPages', summary: 'The team’s status pages with their components (one page).', role: 'viewer', responses: { '200': ok('Every page.', 'StatusPagePage') } }),
      post: operation({
        id: 'createStatusPage',
        summary: 'A new status page (the settings form’s rules).',
        role: 'editor',
        parameters: [idempotencyKey],
        body: 'StatusPageInput',
        responses: { '201': ok('Created.', 'StatusPage', { ...etag, Location: { schema: { type: 'string' } } }), '409': error('That address or host name is taken.'), '422': replayed['422'] },
      }),
    },
    '/api/v1/status-pages/{id}': itemPaths({ what: 'status page', schema: 'StatusPage', get: ['getStatusPage', 'One status page with its components.'], patch: ['updateStatusPage', 'Change some of a page’s settings.', 'StatusPagePatch', { '409': error('That address or host name is taken.') }], remove: ['deleteStatusPage', 'Delete a page, its components and posts.'] }),
    '/api/v1/status-pages/{id}/components': {
      post: operation({
        id: 'addComponent',
        summary: 'Add a component backed by monitors, last on the page.',
        role: 'editor',
        parameters: [idParam('status page'), idempotencyKey],
        body: 'ComponentInput',
        responses: { '201': ok('The page with it.', 'StatusPage', etag), ...notFound('status page or monitor'), '422': replayed['422'] },
      }),
    },
    '/api/v1/status-pages/{id}/components/{componentId}': {
      patch: operation({
        id: 'updateComponent',
        summary: 'Change a component.',
        role: 'editor',
        parameters: [idParam('status page'), { name: 'componentId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        body: 'ComponentPatch',
        responses: { '200': ok('The page.', 'StatusPage', etag), ...notFound('component') },
      }),
      delete: operation({
        id: 'deleteComponent',
        summary: 'Remove a component.',
        role: 'editor',
        parameters: [idParam('status page'), { name: 'componentId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
        responses: { '204': { description: 'Removed.', headers: rateLimitHeaders }, ...notFound('component'), '403': writeErrors['403'] },
      }),
    },
    '/api/v1/status-pages/{id}/components/{componentId}/move': {
      post: operation({
        id: 'moveComponent',
        summary: 'Move a component one place up or down on its page.',
        role: 'editor',
        parameters: [idParam('status page'), { name: 'componentId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, idempotencyKey],
        body: 'MoveComponent',
        responses: { '200': ok('The page.', 'StatusPage', etag), ...notFound('component'), '422': replayed['422'] },
      }),
    },
    '/api/v1/status-pages/{id}/posts': {
      get: operation({ id: 'listPosts', summary: 'A page’s incident posts: open ones first, then newest (up to 200).', role: 'viewer', parameters: [idParam('status page')], responses: { '200': ok('The posts.', 'PostPage'), ...notFound('status page') } }),
      post: operation({
        id: 'createPost',
        summary: 'Post an incident on the page, with its first update (subscribers are told).',
        role: 'responder',
        parameters: [idParam('status page'), idempotencyKey],
        body: 'PostInput',
        responses: { '201': ok('The post.', 'Post', etag), ...notFound('status page or component'), '422': replayed['422'] },
      }),
    },
    '/api/v1/status-pages/{id}/posts/{postId}/updates': {
      post: operation({
        id: 'addPostUpdate',
        summary: 'The next update of a post; `resolved` closes it.',
        role: 'responder',
        parameters: [idParam('status page'), { name: 'postId', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }, idempotencyKey],
        body: 'PostUpdateInput',
        responses: { '201': ok('The post.', 'Post', etag), ...notFound('post'), '409': error('The post is resolved.'), '422': replayed['422'] },
      }),
    },
    '/api/v1/monitors/{id}/ping-url': {
      get: operation({ id: 'getPingUrl', summary: 'A push monitor’s ping URLs.', role: 'viewer', parameters: [idParam('push monitor')], responses: { '200': ok('Its URLs.', 'PingUrl'), ...notFound('push monitor') } }),
    },
    '/api/v1/monitors/{id}/ping-url/regenerate': {
      post: operation({
        id: 'regeneratePingUrl',
        summary: 'A new ping URL; the old one answers 404 from now on.',
        role: 'editor',
        parameters: [idParam('push monitor'), idempotencyKey],
        body: 'Empty',
        responses: { '200': ok('The new URLs.', 'PingUrl'), ...notFound('push monitor'), '422': replayed['422'] },
      }),
    },
    '/api/v1/certificates': {
      get: operation({ id: 'listCertificates', summary: 'The certificates the team’s monitors see now, soonest expiry first (one page).', role: 'viewer', responses: { '200': ok('Every certificate.', 'CertificatePage') } }),
    },
    '/api/v1/domains': {
      get: operation({ id: 'listDomains', summary: 'The registered domains behind the team’s monitors and when they expire (one page).', role: 'viewer', responses: { '200': ok('Every domain.', 'DomainPage') } }),
    },
    '/api/v1/members': {
      get: operation({ id: 'listMembers', summary: 'The team’s members and their roles (one page, the owner first).', role: 'viewer', responses: { '200': ok('Every member.', 'MemberPage') } }),
    },
    '/api/v1/export': {
      get: operation({ id: 'exportSetup', summary: 'The team’s setup as watchpost.yaml’s document (`watchpost export`); secrets as `${NAME}` references.', role: 'viewer', responses: { '200': ok('The document.', 'Export') } }),
    },
    '/api/v1/apply': {
      post: operation({
        id: 'applySetup',
        summary: 'Make the team’s setup what watchpost.yaml says, in one transaction (`watchpost apply`); `dryRun` answers the plan and changes nothing.',
        role: 'editor',
        parameters: [idempotencyKey],
        body: 'ApplyRequest',
        responses: {
          '200': ok('The plan, and whether it was applied.', 'ApplyResult'),
          '409': error('The team changed since the plan named by `planHash`, or a request with this Idempotency-Key is still being answered.'),
          '413': error('The body is larger than 8 MB.'),
          '422': replayed['422'],
        },
      }),
    },
    '/api/v1/usage': {
      get: operation({ id: 'getUsage', summary: 'The plan that covers the team, its limits, and how much of them is used.', role: 'viewer', responses: { '200': ok('The usage.', 'Usage') } }),
    },
    '/api/v1/incidents': {
      get: operation({
        id: 'listIncidents',
        summary: 'The team’s incidents, newest first, a page at a time.',
        role: 'viewer',
        parameters: queryParameters(toSchema, incidentListQuerySchema),
        responses: { '200': ok('A page.', 'IncidentPage', { Link: { description: '`<…?cursor=…>; rel="next"` when there is a next page.', schema: { type: 'string' } } }) },
      }),
    },
    '/api/v1/incidents/{id}': {
      get: operation({ id: 'getIncident', summary: 'One incident with its timeline.', role: 'viewer', parameters: [idParam('incident')], responses: { '200': ok('The incident.', 'IncidentDetail', etag), ...notFound('incident') } }),
    },
    ...Object.fromEntries(
      (['acknowledge', 'resolve'] as const).map((verb) => [
        `/api/v1/incidents/{id}/${verb}`,
        {
          post: operation({
            id: `${verb}Incident`,
            summary: verb === 'acknowledge' ? 'Acknowledge an open incident.' : 'Resolve an incident by hand.',
            role: 'responder',
            parameters: [idParam('incident'), idempotencyKey],
            body: 'Empty',
            responses: { '200': ok('The incident as it is now.', 'IncidentDetail', etag), ...notFound('incident'), '409': error(`The incident is already ${verb === 'acknowledge' ? 'acknowledged or resolved' : 'resolved'}.`), '422': replayed['422'] },
          }),
        },
      ]),
    ),
  };
}

export function managementComponents(toSchema: ToSchema) {
  return {
    Monitor: toSchema(monitorSchema),
    MonitorPage: toSchema(pageOf(monitorSchema)),
    MonitorInput: toSchema(monitorInputSchema),
    MonitorPatch: toSchema(monitorPatchSchema),
    Pause: toSchema(pauseSchema),
    Summary: toSchema(summarySchema),
    PingUrl: toSchema(pingUrlSchema),
    CertificatePage: toSchema(pageOf(certificateSchema)),
    DomainPage: toSchema(pageOf(domainSchema)),
    StatusPage: toSchema(statusPageSchema),
    StatusPagePage: toSchema(pageOf(statusPageSchema)),
    StatusPageInput: toSchema(statusPageInputSchema),
    StatusPagePatch: toSchema(statusPagePatchSchema),
    ComponentInput: toSchema(componentInputSchema),
    ComponentPatch: toSchema(componentPatchSchema),
    MoveComponent: toSchema(moveComponentSchema),
    Post: toSchema(postSchema),
    PostPage: toSchema(pageOf(postSchema)),
    PostInput: toSchema(postInputSchema),
    PostUpdateInput: toSchema(postUpdateInputSchema),
    Channel: toSchema(channelSchema),
    ChannelPage: toSchema(pageOf(channelSchema)),
    ChannelCreated: toSchema(channelCreatedSchema),
    ChannelInput: toSchema(channelInputSchema),
    ChannelPatch: toSchema(channelPatchSchema),
    EscalationPolicy: toSchema(escalationPolicySchema),
    Slo: toSchema(sloSchema),
    SloPage: toSchema(pageOf(sloSchema)),
    SloInput: toSchema(sloInputSchema),
    SloPatch: toSchema(sloPatchSchema),
    Report: toSchema(reportSchema),
    EscalationPolicyPage: toSchema(pageOf(escalationPolicySchema)),
    EscalationPolicyInput: toSchema(escalationPolicyInputSchema),
    EscalationPolicyPatch: toSchema(escalationPolicyPatchSchema),
    Queued: { type: 'object', properties: { queued: { const: true } }, required: ['queued'] },
    Heartbeat: toSchema(heartbeatSchema),
    HeartbeatPage: toSchema(pageOf(heartbeatSchema)),
    Member: toSchema(memberSchema),
    MemberPage: toSchema(pageOf(memberSchema)),
    Usage: toSchema(usageSchema),
    Export: toSchema(exportResultSchema),
    ApplyRequest: toSchema(applyRequestSchema),
    ApplyResult: toSchema(applyResultSchema),
    Empty: toSchema(emptyBodySchema),
    Agent: toSchema(agentSchema),
    AgentPage: toSchema(pageOf(agentSchema)),
    AgentWithToken: toSchema(agentWithTokenSchema),
    AgentInput: toSchema(agentInputSchema),
    AgentToken: toSchema(agentTokenSchema),
    Maintenance: toSchema(maintenanceSchema),
    MaintenancePage: toSchema(pageOf(maintenanceSchema)),
    MaintenanceInput: toSchema(maintenanceInputSchema),
    MaintenancePatch: toSchema(maintenancePatchSchema),
    Extend: toSchema(extendSchema),
    Incident: toSchema(incidentSchema),
    IncidentPage: toSchema(pageOf(incidentSchema)),
    IncidentDetail: toSchema(incidentDetailSchema),
  };
}
