import 'server-only';
import type { z } from 'zod';
import type { TeamContext } from '@/lib/teams/roles';
import { apiRoute, checkIfMatch, resource } from './handler';
import { requireUuid } from './ids';

// The three routes of one API object at /api/v1/<things>/{id}: GET with its ETag, PATCH (some
// fields, If-Match checked against the object as it is) and DELETE (If-Match too, then 204).
// Each resource says how it reads, changes and deletes one; the conventions live here once.

export function itemRoutes<Item, Patch extends z.ZodType>(spec: {
  /** "monitor": the 404's "That monitor does not exist." */
  kind: string;
  read: (ctx: TeamContext, id: string) => Promise<Item>;
  patch?: { schema: Patch; apply: (ctx: TeamContext, id: string, patch: z.output<Patch>, current: Item) => Promise<void> };
  remove: (ctx: TeamContext, id: string) => Promise<void>;
}) {
  return {
    GET: apiRoute(async ({ ctx, params }) => resource(await spec.read(ctx, requireUuid(params.id, spec.kind)))),
    PATCH: apiRoute(async ({ ctx, params, request, body }) => {
      const id = requireUuid(params.id, spec.kind);
      const patch = body(spec.patch!.schema);
      const current = await spec.read(ctx, id);
      checkIfMatch(request, current);
      await spec.patch!.apply(ctx, id, patch, current);
      return resource(await spec.read(ctx, id));
    }),
    DELETE: apiRoute(async ({ ctx, params, request }) => {
      const id = requireUuid(params.id, spec.kind);
      checkIfMatch(request, await spec.read(ctx, id));
      await spec.remove(ctx, id);
      return new Response(null, { status: 204 });
    }),
  };
}
