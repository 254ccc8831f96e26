import { defineConfig } from 'drizzle-kit';

// drizzle-kit only generates SQL from db/schema; migrations are applied by db/migrator.ts
// (npm run db:migrate / make migrate-up), which also knows the down scripts.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema/index.ts',
  out: './drizzle',
  casing: 'snake_case',
  migrations: { prefix: 'index' },
});
