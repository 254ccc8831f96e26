import { AsyncLocalStorage } from 'node:async_hooks';

// Whether the reads being made may come from a replica a few seconds behind (DATABASE_READ_URL):
// only inside a request (lib/http/front.ts opens one around each) whose client has not just
// written. Background work, scripts and tests outside runReads read the primary. Next
// compiles its own copy of this module into each server bundle, so the storage is kept on
// globalThis: one for the custom server and all bundles alike.

const KEY = Symbol.for('watchpost.readConsistency');
const holder = globalThis as typeof globalThis & { [KEY]?: AsyncLocalStorage<{ mayLag: boolean }> };
const storage = (holder[KEY] ??= new AsyncLocalStorage<{ mayLag: boolean }>());

/** Run `work` with its reads allowed to lag (a request that has not just written), or not. */
export function runReads<T>(mayLag: boolean, work: () => T): T {
  return storage.run({ mayLag }, work);
}

export function readsMayLag(): boolean {
  return storage.getStore()?.mayLag === true;
}
