// Started by tests/integration/embedded.test.ts as a separate process that it then
// kills with SIGKILL, the way a crashed app leaves its PostgreSQL behind.
import postgres from 'postgres';
import { startEmbeddedDatabase } from '../../db/embedded';

async function main() {
  const [dataDir, password] = process.argv.slice(2) as [string, string];
  const cluster = await startEmbeddedDatabase({ dataDir, password });
  const sql = postgres(cluster.url, { max: 1, onnotice: () => undefined });
  await sql`CREATE TABLE survived (note text)`;
  await sql`INSERT INTO survived VALUES ('written before the crash')`;
  await sql.end();
  process.stdout.write(`ready ${cluster.port}\n`);
  setInterval(() => undefined, 1000);
}

void main();
