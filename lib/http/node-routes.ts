import type http from 'node:http';

// Route handlers that `npm start`'s front (lib/http/front.ts) serves on Node's own request
// and response, without Next.js routing them. Only ingest is one: for a batch of 500,
// Next.js's routing, its web streams and Response cost about 2.5 ms of the app's CPU, more
// than storing the batch (measured: 12.6 → 7.7 µs of the app's CPU a heartbeat). The
// handler is registered at boot from inside Next.js's server (instrumentation.ts) and found
// here on globalThis: the front runs outside Next.js's bundle, with copies of its own of
// the modules both import. Under `next dev` (no front) Next.js serves the route as usual.

export type NodeHandler = (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void>;

const KEY = Symbol.for('watchpost.nodeRoutes');
const holder = globalThis as typeof globalThis & { [KEY]?: Map<string, NodeHandler> };
const routes = () => (holder[KEY] ??= new Map());

/** Serve `method path` (an exact path) with `handler` from the front on; the function returned takes it back. */
export function serveOnNode(method: string, path: string, handler: NodeHandler): () => void {
  const key = `${method} ${path}`;
  routes().set(key, handler);
  return () => {
    if (routes().get(key) === handler) routes().delete(key);
  };
}

/** The handler registered for this request line, if any. */
export function nodeRoute(method: string | undefined, path: string): NodeHandler | undefined {
  return routes().get(`${method} ${path}`);
}
