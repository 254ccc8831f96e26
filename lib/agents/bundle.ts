import 'server-only';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '@/lib/errors';
import { AGENT_BUNDLE_DIR, AGENT_BUNDLE_FILE, AGENT_VERSION_FILE, type AgentBundleInfo } from './bundle-files';

// The one-file agent that scripts/build-agent.ts writes (npm start builds it before serving),
// read from disk once per build and kept in memory.

export interface AgentBundle extends AgentBundleInfo {
  code: Buffer;
}

// npm start (and every npm script) runs in the checkout.
const DIR = path.join(process.cwd(), AGENT_BUNDLE_DIR);
let cached: { mtimeMs: number; bundle: AgentBundle } | null = null;

/** The served agent, or null when it was never built here. */
export function agentBundle(): AgentBundle | null {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path.join(DIR, AGENT_VERSION_FILE)).mtimeMs;
  } catch {
    return null;
  }
  if (cached?.mtimeMs !== mtimeMs) {
    const info = JSON.parse(readFileSync(path.join(DIR, AGENT_VERSION_FILE), 'utf8')) as AgentBundleInfo;
    cached = { mtimeMs, bundle: { ...info, code: readFileSync(path.join(DIR, AGENT_BUNDLE_FILE)) } };
  }
  return cached.bundle;
}

/** The served agent, or the 503 that says how to build it. */
export function requireAgentBundle(): AgentBundle {
  const bundle = agentBundle();
  if (!bundle) throw new AppError('UNAVAILABLE', 'The agent file is not built on this server: run `npm run build:agent` (npm start builds it).');
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
