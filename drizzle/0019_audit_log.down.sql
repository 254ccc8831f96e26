-- Undo drizzle/0019_audit_log.sql: `make migrate-down` runs this file to roll that migration back.
DROP TABLE "audit_events";--> statement-breakpoint
ALTER TABLE "incidents" DROP COLUMN "resolved_by";
