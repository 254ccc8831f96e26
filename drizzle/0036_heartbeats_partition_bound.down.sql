-- Undo drizzle/0036_heartbeats_partition_bound.sql: the CHECK goes (0037's down leaves a plain table without it).
ALTER TABLE heartbeats DROP CONSTRAINT IF EXISTS heartbeats_partition_bound;
