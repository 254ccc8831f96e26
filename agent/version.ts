import { readFileSync } from 'node:fs';
import path from 'node:path';

// The agent's version: written into the one-file bundle by scripts/build-agent.ts; read
// from package.json when the agent runs from a checkout (npm run agent).
declare const __WATCHPOST_AGENT_VERSION__: string | undefined;

export const AGENT_VERSION: string =
  typeof __WATCHPOST_AGENT_VERSION__ === 'string'
    ? __WATCHPOST_AGENT_VERSION__
    : (JSON.parse(readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string }).version;

/** What the agent sends as User-Agent; the server reads the version back from it. */
export const USER_AGENT = `Watchpost-Agent/${AGENT_VERSION} (node ${process.versions.node}; ${process.platform} ${process.arch})`;
