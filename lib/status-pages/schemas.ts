import { z } from 'zod';
import { POST_IMPACTS, POST_STATES } from '@/db/schema/status-pages';
import { checkedIds, monitorIdsOf } from '@/lib/checked-ids';
import { validTimeZone } from '@/lib/timezone';

// What a user types to make a status page and its components. Every text that reaches the
// public page is bounded here; the logo may only be an http(s) address (never javascript:
// or data:), and the time zone one that Intl knows.

const uuid = z.uuid({ error: 'Unknown id.' });
const trimmed = (max: number, label: string) =>
  z.preprocess((value) => (typeof value === 'string' ? value.trim() : value), z.string().max(max, `${label}: at most ${max} characters.`));

/** Paths of the app's own that a slug may not take, so /s/<slug> never reads like one of them. */
const RESERVED_SLUGS = new Set(['api', 'admin', 'new', 'edit', 'login', 'signup', 'static', 'assets', 'feed', 'rss', 'atom', 'badge', 'badges']);

export const slugSchema = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim().toLowerCase() : value),
  z
    .string()
    .min(3, 'The address needs at least 3 characters.')
    .max(60, 'The address: at most 60 characters.')
    .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'Use lower-case letters, digits and dashes, starting and ending with a letter or digit.')
    .refine((slug) => !RESERVED_SLUGS.has(slug), 'That address is reserved; choose another.'),
);

export const logoUrlSchema = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined),
  z
    .string()
    .max(2000, 'The logo address: at most 2,000 characters.')
    .refine((value) => {
      try {
        const url = new URL(value);
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && !url.username && !url.password;
      } catch {
        return false;
      }
    }, 'The logo must be an http:// or https:// address of an image.')
    .optional(),
);

export const timeZoneSchema = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : 'UTC'),
  z.string().transform((value, ctx) => {
    const zone = validTimeZone(value);
    if (!zone) {
      ctx.addIssue({ code: 'custom', message: `"${value.slice(0, 64)}" is not a time zone; use a name such as Europe/Berlin or America/New_York.` });
      return z.NEVER;
    }
    return zone;
  }),
);

/** A host name of the user's own for the page (status.example.com): lower-case DNS labels, no port, not an IP. */
export const customHostSchema = z.preprocess(
  (value) => (typeof value === 'string' && value.trim() !== '' ? value.trim().toLowerCase().replace(/\.$/, '') : undefined),
  z
    .string()
    .max(253, 'A host name has at most 253 characters.')
    .regex(/^(?=.*[a-z])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/, 'Enter a host name such as status.example.com (no scheme, path or port).')
    .optional(),
);

const checkbox = z.preprocess((value) => value === 'on' || value === 'true' || value === true, z.boolean());

export const statusPageFormSchema = z.object({
  title: trimmed(120, 'The title').pipe(z.string().min(1, 'Give the page a title.')),
  slug: slugSchema,
  description: trimmed(2000, 'The description').default(''),
  logoUrl: logoUrlSchema,
  timeZone: timeZoneSchema,
  customHost: customHostSchema,
  allowFraming: checkbox,
  /** Show each component's uptime against its SLO over this many days; null: not shown. */
  sloDays: z.preprocess(
    (value) => (value === '' || value === undefined || value === null || value === 'off' ? null : Number(value)),
    z.union([z.literal(30), z.literal(90)], { error: 'Show SLOs over 30 or 90 days, or not at all.' }).nullable(),
  ),
});
export type StatusPageInput = z.output<typeof statusPageFormSchema>;

export const statusPageRefSchema = z.object({ pageId: uuid });
export const updateStatusPageSchema = statusPageRefSchema.and(statusPageFormSchema);
export const deleteStatusPageSchema = statusPageRefSchema.and(z.object({ confirm: z.literal('on', { error: 'Tick the box to confirm.' }) }));

export const pagePasswordSchema = statusPageRefSchema.and(
  z.object({
    password: z
      .string()
      .min(8, 'Use at least 8 characters.')
      .max(200, 'At most 200 characters.'),
  }),
);

const monitorIdList = z.preprocess(
  (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]),
  z.array(uuid).min(1, 'Choose at least one monitor to back this component.').max(50, 'At most 50 monitors per component.'),
);

// The form has a checkbox `monitor:<id>` per monitor (FormData arrives as one object, one value per name).
const withMonitorIds = (value: unknown) =>
  value && typeof value === 'object' && !('monitorIds' in value) ? { ...value, monitorIds: monitorIdsOf(value as Record<string, unknown>) } : value;

const componentFields = z.object({
  name: trimmed(100, 'The name').pipe(z.string().min(1, 'Give the component a name your customers know it by.')),
  description: trimmed(500, 'The description').default(''),
  groupName: trimmed(100, 'The group').default(''),
  monitorIds: monitorIdList,
});
export const componentFormSchema = z.preprocess(withMonitorIds, componentFields);
export type ComponentInput = z.output<typeof componentFormSchema>;

export const addComponentSchema = z.preprocess(withMonitorIds, statusPageRefSchema.and(componentFields));
export const componentRefSchema = z.object({ componentId: uuid });
export const updateComponentSchema = z.preprocess(withMonitorIds, componentRefSchema.and(componentFields));
export const moveComponentSchema = componentRefSchema.and(z.object({ direction: z.enum(['up', 'down']) }));

// ---- Incident posts ------------------------------------------------------------------------

export const POST_BODY_MAX = 5000;

const postBody = z.preprocess(
  (value) => (typeof value === 'string' ? value.trim() : value),
  z.string().min(1, 'Write what your customers should know.').max(POST_BODY_MAX, `At most ${POST_BODY_MAX.toLocaleString('en-US')} characters.`),
);
const postState = z.enum(POST_STATES, { error: 'Choose investigating, identified, monitoring or resolved.' });

const withComponentIds = (value: unknown) =>
  value && typeof value === 'object' && !('componentIds' in value)
    ? {
        ...value,
        componentIds: checkedIds(value as Record<string, unknown>, 'component'),
      }
    : value;

const postFields = z.object({
  title: trimmed(200, 'The title').pipe(z.string().min(1, 'Give the post a title.')),
  impact: z.enum(POST_IMPACTS, { error: 'Choose none, minor, major or critical.' }),
  componentIds: z.array(uuid).max(100),
});

export const createPostSchema = z.preprocess(
  withComponentIds,
  statusPageRefSchema.and(postFields).and(z.object({ state: postState, body: postBody, incidentId: z.preprocess((v) => (v === '' ? undefined : v), uuid.optional()) })),
);
export type CreatePostInput = z.output<typeof createPostSchema>;

export const postRefSchema = z.object({ postId: uuid });
export const updatePostSchema = z.preprocess(withComponentIds, postRefSchema.and(postFields));
export const addPostUpdateSchema = postRefSchema.and(z.object({ state: postState, body: postBody }));
export const deletePostSchema = postRefSchema.and(z.object({ confirm: z.literal('on', { error: 'Tick the box to confirm.' }) }));
