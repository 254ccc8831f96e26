import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A certificate chain minted with Debian's openssl: a root, an intermediate valid for
 * `intermediateDays`, and a leaf for `names` valid for `leafDays`. PEMs of the leaf's key
 * and of the chain a server presents (leaf, then intermediate), and the root.
 */
export function mintChain({ names, leafDays, intermediateDays }: { names: string[]; leafDays: number; intermediateDays: number }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'watchpost-certs-'));
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  writeFileSync(path.join(dir, 'ca.ext'), 'basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n');
  writeFileSync(path.join(dir, 'leaf.ext'), `subjectAltName=${names.map((name) => `DNS:${name}`).join(',')}\n`);
  run('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'root.key', '-out', 'root.crt', '-days', '3650', '-subj', '/CN=Watchpost Test Root');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'int.key', '-out', 'int.csr', '-subj', '/CN=Watchpost Test Intermediate');
  run('x509', '-req', '-in', 'int.csr', '-CA', 'root.crt', '-CAkey', 'root.key', '-CAcreateserial', '-out', 'int.crt', '-days', String(intermediateDays), '-extfile', 'ca.ext');
  run('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'leaf.key', '-out', 'leaf.csr', '-subj', `/CN=${names[0]}`);
  run('x509', '-req', '-in', 'leaf.csr', '-CA', 'int.crt', '-CAkey', 'int.key', '-CAcreateserial', '-out', 'leaf.crt', '-days', String(leafDays), '-extfile', 'leaf.ext');
  const read = (file: string) => readFileSync(path.join(dir, file), 'utf8');
  const chain = { key: read('leaf.key'), cert: read('leaf.crt') + read('int.crt'), root: read('root.crt') };
  rmSync(dir, { recursive: true, force: true });
  return chain;
}
