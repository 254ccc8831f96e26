import { AsyncLocalStorage } from 'node:async_hooks';

// The request a piece of work belongs to, so every log line written while serving it
// carries its id. `npm start` (scripts/start.ts) opens the context around Next's handler;
// Next compiles its own copy of this module into each server bundle, so the storage is
// kept on globalThis: one storage for the custom server and all bundles alike.

export interface RequestContext {
  requestId: string;
}

const KEY = Symbol.for('watchpost.requestContext');
const holder = globalThis as typeof globalThis & { [KEY]?: AsyncLocalStorage<RequestContext> };
const storage = (holder[KEY] ??= new AsyncLocalStorage<RequestContext>());

export function runWithRequest<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** The header that carries the request id: set on the request for the app, and on every response. */
export const REQUEST_ID_HEADER = 'x-request-id';

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{8,128}$/;

/**
 * A reverse proxy's id when it is trusted and looks like an id (it is written into every
 * log line, so nothing else gets through); otherwise a fresh one.
 */
export function chooseRequestId(incoming: string | string[] | undefined, trustProxy: boolean): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  if (trustProxy && value && SAFE_REQUEST_ID.test(value)) return value;
  return crypto.randomUUID();
}
