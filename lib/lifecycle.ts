// What an instance must finish or let go of before it exits. The modules that own such
// work register it here; `npm start` (scripts/start.ts) runs it all on SIGTERM, after the
// HTTP server has stopped taking requests and its in-flight requests have been answered.
// Next compiles a copy of this module into each server bundle and the custom server has
// its own, so the list lives on globalThis.

export interface Drain {
  name: string;
  /** Lower runs first: background work (0) before the database pool it uses (10). */
  order: number;
  /** Finish or hand over by `deadline` (epoch ms); whatever is left then is abandoned safely. */
  run: (deadline: number) => Promise<void>;
}

const KEY = Symbol.for('watchpost.drains');
const holder = globalThis as typeof globalThis & { [KEY]?: Map<string, Drain> };
const drains = (holder[KEY] ??= new Map<string, Drain>());

/** Register (or replace, by name) something to finish at shutdown. */
export function onShutdown(drain: Drain): void {
  drains.set(drain.name, drain);
}

/** Run every registered drain in order; a failing one is reported and does not stop the rest. */
export async function drainAll(deadline: number, report: (name: string, error: unknown) => void): Promise<void> {
  for (const drain of [...drains.values()].sort((a, b) => a.order - b.order)) {
    await drain.run(deadline).catch((error: unknown) => report(drain.name, error));
  }
}

/** Wait for a promise, but not past the deadline. */
export async function untilDeadline(work: Promise<unknown>, deadline: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => undefined),
    new Promise((resolve) => {
      timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
    }),
  ]);
  clearTimeout(timer);
}
