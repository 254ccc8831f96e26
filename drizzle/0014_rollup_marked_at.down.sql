-- Undo drizzle/0014_rollup_marked_at.sql: `make migrate-down` runs this file to roll that migration back.
ALTER TABLE "rollup_pending" DROP COLUMN "marked_at";
