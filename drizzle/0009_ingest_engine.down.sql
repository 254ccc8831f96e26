DROP INDEX IF EXISTS heartbeats_time_brin;--> statement-breakpoint
DROP INDEX "incidents_monitor_id_started_at_idx";--> statement-breakpoint
DROP INDEX "incidents_one_unresolved_per_monitor";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "streak_started_at";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "streak_count";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "streak_kind";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "last_heartbeat_at";
