import 'server-only';
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { db } from '@/db';
import { apiIdempotency } from '@/db/schema';
import { getEnv } from '@/lib/env';
import { etagOf as bodyEtag } from '@/lib/http/cache';
import { AppError, type ErrorDetail, errorResponse } from '@/lib/errors';
import { readBodyLimited } from '@/lib/http/read-body';
import { hitRateLimit } from '@/lib/rate-limit';
import { knownClientIp } from '@/lib/request';
import type { TeamContext } from '@/lib/teams/roles';
import { contextOfToken } from './tokens';
import { fieldPath } from '@/lib/config/env';

// Every management API route handler (/api/v1/…, docs/api.md) goes through apiRoute: the
// token, the per-token rate limit, the body (JSON only, at most MAX_BODY_BYTES, unknown
// fields refused by name), Idempotency-Key on POST, and errors as {error:{code,message,details}}.
// Session cookies are never read: a browser's cookie cannot authorise an API call (no CSRF).

export const MAX_BODY_BYTES = 256 * 1024;
const IDEMPOTENCY_HOURS = 24;

export interface ApiCall {
  ctx: TeamContext;
  request: Request;
  url: URL;
  params: Record<string, string>;
  /** The body, validated by `schema` (a strict zod object): 400 with each field's problem otherwise. */
  body<Schema extends z.ZodType>(schema: Schema): z.output<Schema>;
  /** The query string, validated by `schema`. */
  query<Schema extends z.ZodType>(schema: Schema): z.output<Schema>;
}

type RouteContext = { params: Promise<Record<string, string | string[]>> };

const unauthorized = () => new AppError('UNAUTHORIZED', 'Missing or invalid API token.');

export { fieldPath };

/** Each problem of a failed parse, under its field's path (unknown fields each by name). */
export function zodDetails(error: z.ZodError): ErrorDetail[] {
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: fieldPath([...issue.path, key]), message: 'Unknown field.' }))
      : [{ field: fieldPath(issue.path) || undefined, message: issue.message }],
  );
}

export function invalid(message: string, details: ErrorDetail[]): AppError {
  return new AppError('INVALID_INPUT', message, { details });
}

/** `value` by `schema` (the API's own, or a form's: its fields have the API's names); 400 naming each problem. */
export function byForm<Schema extends z.ZodType>(schema: Schema, value: unknown, what: string): z.output<Schema> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw invalid(`The ${what} is not valid; see details.`, zodDetails(parsed.error));
  return parsed.data;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** A strong ETag of a resource's JSON representation. */
export const etagOf = (representation: unknown): string => bodyEtag(JSON.stringify(representation));

/** A single resource: 200 (or `status`) with its ETag. */
export function resource(representation: unknown, status = 200): Response {
  return Response.json(representation, { status, headers: { ETag: etagOf(representation) } });
}

/** PATCH/DELETE with If-Match: 412 unless it names the resource as it is now (or `*`). */
export function checkIfMatch(request: Request, current: unknown): void {
  const ifMatch = request.headers.get('if-match');
  if (ifMatch === null) return;
  const tags = ifMatch.split(',').map((tag) => tag.trim());
  if (tags.includes('*') || tags.includes(etagOf(current))) return;
  throw new AppError('PRECONDITION_FAILED', 'The resource changed since you read it (If-Match does not match its ETag). Read it again, then retry.');
}

/** `RateLimit-Policy` / `RateLimit` (draft-ietf-httpapi-ratelimit-headers): the quota, what is left and when it resets. */
function rateLimitHeaders(limit: number, count: number, resetSeconds: number): Record<string, string> {
  return {
    'RateLimit-Policy': `"per-token";q=${limit};w=60`,
    RateLimit: `"per-token";r=${Math.max(0, limit - count)};t=${Math.max(0, resetSeconds)}`,
  };
}

function withHeaders(response: Response, headers: Record<string, string>): Response {
  for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  return response;
}

/** A route handler for the management API: `run` sees the token's team context and the checked body. */
export function apiRoute(run: (call: ApiCall) => Promise<Response>, options: { maxBodyBytes?: number } = {}) {
  return async (request: Request, route?: RouteContext): Promise<Response> => {
    let limitHeaders: Record<string, string> = {};
    try {
      const match = /^Bearer ([^\s]+)$/.exec(request.headers.get('authorization') ?? '');
      const ctx = match ? await contextOfToken(match[1]!, knownClientIp(request.headers)) : null;
      if (!ctx) throw unauthorized();

      const limit = getEnv().WATCHPOST_API_RATE_LIMIT;
      const hits = await hitRateLimit(`api:token:${ctx.token!.id}`, 60);
      limitHeaders = rateLimitHeaders(limit, hits.count, hits.resetInSeconds);
      if (hits.count > limit) {
        throw new AppError('RATE_LIMITED', `More than ${limit} requests a minute with this token.`, { retryAfterSeconds: Math.max(1, hits.resetInSeconds) });
      }

      const hasBody = request.method === 'POST' || request.method === 'PATCH' || request.method === 'PUT';
      const text = hasBody ? await readBodyLimited(request, options.maxBodyBytes ?? MAX_BODY_BYTES) : '';
      if (hasBody && text.trim() !== '' && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(request.headers.get('content-type') ?? '')) {
        throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as JSON (Content-Type: application/json).');
      }
      const url = new URL(request.url);
      // Next passes no params to a route without dynamic segments.
      const raw = (await route?.params) ?? {};
      const params = Object.fromEntries(Object.entries(raw).map(([key, value]) => [key, Array.isArray(value) ? value.join('/') : value]));
      let parsedBody: unknown;
      let bodyRead = false;
      const call: ApiCall = {
        ctx,
        request,
        url,
        params,
        body(schema) {
          if (!bodyRead) {
            bodyRead = true;
            try {
              parsedBody = text.trim() === '' ? {} : JSON.parse(text);
            } catch {
              throw invalid('The body is not valid JSON.', []);
            }
          }
          return byForm(schema, parsedBody, 'body');
        },
        query(schema) {
          return byForm(schema, Object.fromEntries(url.searchParams), 'query');
        },
      };

      const key = request.method === 'POST' ? request.headers.get('idempotency-key') : null;
      if (key === null) return withHeaders(await run(call), limitHeaders);
      return withHeaders(await idempotent(ctx.token!.id, key, sha256(`${request.method} ${url.pathname}\n${text}`), () => run(call)), limitHeaders);
    } catch (error) {
      return withHeaders(errorResponse(error), {
        ...limitHeaders,
        ...(error instanceof AppError && error.code === 'UNAUTHORIZED' ? { 'WWW-Authenticate': 'Bearer realm="watchpost"' } : {}),
      });
    }
  };
}

/**
 * Run a POST once per (token, Idempotency-Key) within 24 hours: a retry with the same body
 * gets the first answer again (marked `Idempotent-Replayed: true`); another body is refused
 * (422). A key still being answered is a 409. Errors are not kept: the client may retry them.
 */
async function idempotent(tokenId: string, key: string, requestHash: Buffer, run: () => Promise<Response>): Promise<Response> {
  if (key.length < 1 || key.length > 255 || !/^[\x21-\x7e]+$/.test(key)) {
    throw invalid('Idempotency-Key must be 1–255 visible ASCII characters.', [{ field: 'Idempotency-Key', message: 'Use 1–255 visible ASCII characters, like a UUID.' }]);
  }
  const where = and(eq(apiIdempotency.tokenId, tokenId), eq(apiIdempotency.key, key));
  // Claim the key (status 0: being answered), or take over one older than 24 hours; whoever
  // finds it claimed replays or waits.
  const fresh = { requestHash, status: 0, headers: {}, body: '', createdAt: sql`now()` };
  const claimed = await db
    .insert(apiIdempotency)
    .values({ tokenId, key, ...fresh })
    .onConflictDoUpdate({
      target: [apiIdempotency.tokenId, apiIdempotency.key],
      set: fresh,
      setWhere: sql`${apiIdempotency.createdAt} < now() - make_interval(hours => ${IDEMPOTENCY_HOURS})`,
    })
    .returning({ key: apiIdempotency.key });
  if (!claimed.length) {
    const [first] = await db.select().from(apiIdempotency).where(where);
    if (!first) return idempotent(tokenId, key, requestHash, run);
    if (!first.requestHash.equals(requestHash)) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with another request in the last 24 hours; use a new key for a new request.');
    }
    if (first.status === 0) throw new AppError('CONFLICT', 'A request with this Idempotency-Key is still being answered; retry in a moment.', { retryAfterSeconds: 1 });
    return new Response(first.body, { status: first.status, headers: { ...first.headers, 'Idempotent-Replayed': 'true' } });
  }
  let response: Response;
  try {
    response = await run();
  } catch (error) {
    await db.delete(apiIdempotency).where(where);
    throw error;
  }
  if (response.status >= 400) {
    await db.delete(apiIdempotency).where(where);
    return response;
  }
  const body = await response.text();
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name === 'content-type' || name === 'etag' || name === 'location') headers[name] = value;
  });
  await db.update(apiIdempotency).set({ status: response.status, headers, body }).where(where);
  return new Response(body, { status: response.status, headers });
}
