import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// scripts/patch-postgres.cjs runs at npm install; without it a database that goes away
// under load can crash the server (see that script). An install with --ignore-scripts
// would lose it silently: this says so.
describe('the postgres.js patches', () => {
  it('is installed in every build of the driver', () => {
    for (const variant of ['src', 'cjs/src', 'cf/src']) {
      for (const [file, marks] of [
        ['connection.js', ['/* watchpost: null-socket guard */', '/* watchpost: failed COPY settles */', '/* watchpost: TCP_NODELAY */']],
        ['index.js', ['/* watchpost: pool stats */', '/* watchpost: commit must commit */']],
      ] as const) {
        const source = readFileSync(path.join(process.cwd(), 'node_modules/postgres', variant, file), 'utf8');
        for (const mark of marks) {
          expect(source, `${variant}/${file}: run npm install (or node scripts/patch-postgres.cjs)`).toContain(mark);
        }
      }
    }
  });
});
