import 'server-only';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '@/lib/errors';
import { type AgentBundleInfo, BUNDLES, type BundleName, VERSION_FILE } from './bundle-files';

// The one-file agent and CLI that scripts/build-agent.ts writes (npm start builds them before
// serving), read from disk once per build and kept in memory.

export interface AgentBundle extends AgentBundleInfo {
  code: Buffer;
}

const cached = new Map<BundleName, { mtimeMs: number; bundle: AgentBundle }>();

/** The served file, or null when it was never built here. */
export function servedBundle(name: BundleName): AgentBundle | null {
  // npm start (and every npm script) runs in the checkout.
  const dir = path.join(process.cwd(), BUNDLES[name].dir);
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path.join(dir, VERSION_FILE)).mtimeMs;
  } catch {
    return null;
  }
  if (cached.get(name)?.mtimeMs !== mtimeMs) {
    const info = JSON.parse(readFileSync(path.join(dir, VERSION_FILE), 'utf8')) as AgentBundleInfo;
    cached.set(name, { mtimeMs, bundle: { ...info, code: readFileSync(path.join(dir, BUNDLES[name].file)) } });
  }
  return cached.get(name)!.bundle;
}

export const agentBundle = () => servedBundle('agent');

/** The served file, or the 503 that says how to build it. */
export function requireBundle(name: BundleName): AgentBundle {
  const bundle = servedBundle(name);
  if (!bundle) throw new AppError('UNAVAILABLE', `The ${name} file is not built on this server: run \`npm run build:agent\` (npm start builds it).`);
  return bundle;
}
/** -1, 0 or 1 as version a is older than, the same as or newer than b (x.y.z; pre-releases sort before their release). */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const [core = '', pre] = version.split('+')[0]!.split(/-(.*)/s);
    return { parts: core.split('.').map((n) => Number(n) || 0), pre: pre ?? null };
  };
  const [x, y] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) {
    const d = (x.parts[i] ?? 0) - (y.parts[i] ?? 0);
    if (d) return Math.sign(d);
  }
  if (x.pre === y.pre) return 0;
  if (x.pre === null) return 1;
  if (y.pre === null) return -1;
  return x.pre < y.pre ? -1 : 1;
}
