-- Undo drizzle/0013_faster_ingest_agent_version.sql: `make migrate-down` runs this file to roll that migration back.
ALTER TABLE "monitors" RESET (fillfactor);--> statement-breakpoint
ALTER TABLE "agents" DROP COLUMN "version";
