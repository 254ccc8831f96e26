// npm run build:agent: the agent as one dependency-free ES module for Node ≥ 20, which the
// server serves at /agent/watchpost-agent.mjs with its version and SHA-256 at
// /agent/version.json. `npm start` runs it before serving (esbuild takes well under a second).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { AGENT_BUNDLE_DIR, AGENT_BUNDLE_FILE, AGENT_VERSION_FILE, type AgentBundleInfo } from '../lib/agents/bundle-files';

export async function buildAgent(root: string): Promise<AgentBundleInfo> {
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const result = await build({
    entryPoints: [path.join(root, 'agent', 'cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    write: false,
    define: { __WATCHPOST_AGENT_VERSION__: JSON.stringify(version) },
    // Bundled CommonJS (undici) calls require() for Node's own modules: give it one.
    banner: {
      js: `#!/usr/bin/env node\n// Watchpost agent ${version}: one file, no dependencies, Node.js >= 20. node watchpost-agent.mjs --help\nimport { createRequire as __watchpostRequire } from 'node:module'; const require = __watchpostRequire(import.meta.url);`,
    },
    logLevel: 'warning',
  });
  const code = result.outputFiles[0]!.contents;
  const info: AgentBundleInfo = { version, sha256: createHash('sha256').update(code).digest('hex'), size: code.byteLength, node: '>=20' };
  const dir = path.join(root, AGENT_BUNDLE_DIR);
  mkdirSync(dir, { recursive: true });
  // Written aside and renamed: a request never reads half a file, or a file and the other file's hash.
  writeFileSync(path.join(dir, `${AGENT_BUNDLE_FILE}.tmp`), code, { mode: 0o644 });
  writeFileSync(path.join(dir, `${AGENT_VERSION_FILE}.tmp`), `${JSON.stringify(info, null, 2)}\n`);
  renameSync(path.join(dir, `${AGENT_BUNDLE_FILE}.tmp`), path.join(dir, AGENT_BUNDLE_FILE));
  renameSync(path.join(dir, `${AGENT_VERSION_FILE}.tmp`), path.join(dir, AGENT_VERSION_FILE));
  return info;
}

if (require.main === module) {
  buildAgent(path.resolve(__dirname, '..')).then(
    (info) => console.log(`${path.join(AGENT_BUNDLE_DIR, AGENT_BUNDLE_FILE)}: agent ${info.version}, ${(info.size / 1024).toFixed(0)} KiB, sha256 ${info.sha256}`),
    (error: unknown) => {
      console.error(`build:agent failed: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
