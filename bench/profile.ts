// Where a process's CPU went, from its V8 CPU profile (node --cpu-prof): self time by where
// the code comes from, and the top functions. `node --import tsx bench/profile.ts DIR`
// prints the profile of the main thread found in DIR.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { root } from './harness';

/**
 * Where the app's CPU went, from the V8 profile of its main thread in `dir` (the largest file:
 * the others are of tsx's loader thread): self time by where the code comes from, and the top functions.
 */
export function printProfile(dir: string) {
  const file = readdirSync(dir).filter((name) => name.endsWith('.cpuprofile')).map((name) => path.join(dir, name)).sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!file) return console.log(`No CPU profile in ${dir}.`);
  type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number };
  const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const origin = (url: string, name: string) => {
    if (name === '(idle)' || name === '(program)' || name === '(garbage collector)') return name;
    if (!url) return '(native / V8)';
    if (url.startsWith('node:')) return 'node: (http, streams, crypto…)';
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
    if (pkg) return pkg;
    if (url.includes('/.next/')) return '.next (app bundle: Next.js runtime and our code)';
    return url.replace(`file://${root}/`, '');
  };
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const [id, micros] of self) {
    const { callFrame } = byId.get(id)!;
    const group = origin(callFrame.url, callFrame.functionName);
    groups.set(group, (groups.get(group) ?? 0) + micros);
    if (group !== '(idle)') busy += micros;
    const fn = `${callFrame.functionName || '(anonymous)'} ${callFrame.url.split('/').slice(-2).join('/')}:${callFrame.lineNumber + 1}`;
    if (group !== '(idle)') functions.set(fn, (functions.get(fn) ?? 0) + micros);
  }
  console.log('');
  console.log(`Where the app's busy CPU went (V8 profile of the whole run, ${(busy / 1e6).toFixed(1)} s busy): self time by origin`);
  for (const [group, micros] of [...groups].filter(([g]) => g !== '(idle)').sort((a, b) => b[1] - a[1]).slice(0, 12)) {
    console.log(`  ${((micros / busy) * 100).toFixed(1).padStart(5)} %  ${group}`);
  }
  console.log('Top functions by self time');
  for (const [fn, micros] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.PROFILE_TOP ?? 15))) console.log(`  ${((micros / busy) * 100).toFixed(1).padStart(5)} %  ${fn}`);
}


if (process.argv[1]?.endsWith('profile.ts') && process.argv[2]) printProfile(process.argv[2]);
