import { jsonb, pgTable, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { AssertionResult } from '@/lib/contracts/assertions';
import { monitors } from './monitors';

// The assertions of each monitor's newest check that reported them (lib/ingest keeps it
// with the batch): what the monitor page shows, passing ones included, with the values found.
export const monitorAssertionResults = pgTable('monitor_assertion_results', {
  monitorId: uuid()
    .primaryKey()
    .references(() => monitors.id, { onDelete: 'cascade' }),
  time: timestamp({ withTimezone: true }).notNull(),
  results: jsonb().$type<AssertionResult[]>().notNull(),
});
