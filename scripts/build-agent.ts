// npm run build:agent: the agent and the watchpost CLI, each as one dependency-free ES module
// for Node ≥ 20, which the server serves (/agent/watchpost-agent.mjs, /cli/watchpost.mjs) with
// its version and SHA-256 beside it (version.json). `npm start` builds both before serving
// (esbuild takes well under a second each).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { type AgentBundleInfo, BUNDLES, type BundleName, VERSION_FILE } from '../lib/agents/bundle-files';

export async function buildBundle(root: string, name: BundleName): Promise<AgentBundleInfo> {
  const spec = BUNDLES[name];
  const { version } = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string };
  const result = await build({
    entryPoints: [path.join(root, spec.entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    legalComments: 'none',
    write: false,
    tsconfig: path.join(root, 'tsconfig.json'),
    define: { [spec.versionName]: JSON.stringify(version) },
    // Bundled CommonJS (undici) calls require() for Node's own modules: give it one.
    banner: {
      js: `#!/usr/bin/env node\n// ${spec.banner} ${version}: one file, no dependencies, Node.js >= 20. ${spec.help}\nimport { createRequire as __watchpostRequire } from 'node:module'; const require = __watchpostRequire(import.meta.url);`,
    },
    logLevel: 'warning',
  });
  const code = result.outputFiles[0]!.contents;
  const info: AgentBundleInfo = { version, sha256: createHash('sha256').update(code).digest('hex'), size: code.byteLength, node: '>=20' };
  const dir = path.join(root, spec.dir);
  mkdirSync(dir, { recursive: true });
  // Written aside and renamed: a request never reads half a file, or a file and the other file's hash.
  writeFileSync(path.join(dir, `${spec.file}.tmp`), code, { mode: 0o644 });
  writeFileSync(path.join(dir, `${VERSION_FILE}.tmp`), `${JSON.stringify(info, null, 2)}\n`);
  renameSync(path.join(dir, `${spec.file}.tmp`), path.join(dir, spec.file));
  renameSync(path.join(dir, `${VERSION_FILE}.tmp`), path.join(dir, VERSION_FILE));
  return info;
}

export const buildAgent = (root: string) => buildBundle(root, 'agent');
export const buildCli = (root: string) => buildBundle(root, 'cli');

if (require.main === module) {
  const root = path.resolve(__dirname, '..');
  (async () => {
    for (const name of Object.keys(BUNDLES) as BundleName[]) {
      const info = await buildBundle(root, name);
      console.log(`${path.join(BUNDLES[name].dir, BUNDLES[name].file)}: ${name} ${info.version}, ${(info.size / 1024).toFixed(0)} KiB, sha256 ${info.sha256}`);
    }
  })().catch((error: unknown) => {
    console.error(`build:agent failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
