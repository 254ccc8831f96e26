import path from 'node:path';

// The one-file programs the server serves: where scripts/build-agent.ts writes each and
// lib/agents/bundle.ts reads it (relative to the checkout), and what version.json holds.
// No server-only import: the build script runs under plain Node.

export const BUNDLES = {
  /** The agent: /agent/watchpost-agent.mjs */
  agent: { dir: path.join('dist', 'agent'), file: 'watchpost-agent.mjs', entry: path.join('agent', 'cli.ts'), versionName: '__WATCHPOST_AGENT_VERSION__', banner: 'Watchpost agent', help: 'node watchpost-agent.mjs --help' },
  /** The watchpost CLI (export, apply): /cli/watchpost.mjs */
  cli: { dir: path.join('dist', 'cli'), file: 'watchpost.mjs', entry: path.join('cli', 'watchpost.ts'), versionName: '__WATCHPOST_CLI_VERSION__', banner: 'Watchpost CLI', help: 'node watchpost.mjs --help' },
} as const;
export type BundleName = keyof typeof BUNDLES;

export const AGENT_BUNDLE_DIR = BUNDLES.agent.dir;
export const AGENT_BUNDLE_FILE = BUNDLES.agent.file;
export const VERSION_FILE = 'version.json';

export interface AgentBundleInfo {
  version: string;
  sha256: string;
  size: number;
  node: string;
}
