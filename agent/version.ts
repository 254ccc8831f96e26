import packageJson from '../package.json';

// The agent's version: written into the one-file bundle by scripts/build-agent.ts (so the
// bundle carries no package.json); package.json's when the agent runs from a checkout
// (npm run agent) or inside the server (the built-in agent).
declare const __WATCHPOST_AGENT_VERSION__: string | undefined;

export const AGENT_VERSION: string = typeof __WATCHPOST_AGENT_VERSION__ === 'string' ? __WATCHPOST_AGENT_VERSION__ : packageJson.version;

/** What the agent sends as User-Agent; the server reads the version back from it. */
export const USER_AGENT = `Watchpost-Agent/${AGENT_VERSION} (node ${process.versions.node}; ${process.platform} ${process.arch})`;
