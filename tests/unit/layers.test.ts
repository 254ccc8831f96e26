import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// DESIGN.md's layers: db/ holds SQL, reads and writes; rules and computations live in lib/.
// db/ imports nothing of lib/ but lib/env.ts (and the wire contracts' types, for jsonb columns).

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    return statSync(full).isDirectory() ? files(full) : full.endsWith('.ts') ? [full] : [];
  });
}

describe('layers', () => {
  it('db/ imports nothing of lib/ but the configuration and the wire contracts\' types', () => {
    const offending = files(path.join(process.cwd(), 'db')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/^import (type )?[^;]*? from '@\/lib\/([^']+)';$/gm)]
        .filter(([, typeOnly, target]) => target !== 'env' && !(typeOnly && target!.startsWith('contracts/')))
        .map(([line]) => `${path.relative(process.cwd(), file)}: ${line}`),
    );
    expect(offending).toEqual([]);
  });
});
