-- Undo drizzle/0034_monitor_dependencies.sql: `make migrate-down` runs this file to roll that migration back.
DROP TABLE "monitor_dependencies";--> statement-breakpoint
ALTER TABLE "incidents" DROP CONSTRAINT "incidents_caused_by_incident_id_fk";--> statement-breakpoint
DROP INDEX "incidents_caused_by_incident_id_idx";--> statement-breakpoint
ALTER TABLE "incidents" DROP COLUMN "caused_by_incident_id";--> statement-breakpoint
ALTER TABLE "incidents" DROP COLUMN "held_by_dependency";
