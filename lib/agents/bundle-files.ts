import path from 'node:path';

// Where scripts/build-agent.ts writes the one-file agent and lib/agents/bundle.ts reads it
// (relative to the checkout), and what version.json holds. No server-only import: the
// build script runs under plain Node.

export const AGENT_BUNDLE_DIR = path.join('dist', 'agent');
export const AGENT_BUNDLE_FILE = 'watchpost-agent.mjs';
export const AGENT_VERSION_FILE = 'version.json';

export interface AgentBundleInfo {
  version: string;
  sha256: string;
  size: number;
  node: string;
}
