import { type SQL, sql } from 'drizzle-orm';

/**
 * A list of ids as one uuid[] parameter, for `WHERE x.id = ANY (${uuidArray(ids)})`: the
 * planner then looks each id up by its index. (`x.id IN (SELECT … jsonb_array_elements …)`
 * was planned as a semi-join applied last when the tables' statistics were stale: every
 * monitor of the team times every id, 1.5 s for 500 incidents among 4,500 monitors.)
 */
export function uuidArray(ids: readonly string[]): SQL {
  return sql`${`{${ids.join(',')}}`}::uuid[]`;
}
