DROP TRIGGER IF EXISTS heartbeats_rollups_pending_insert ON heartbeats;--> statement-breakpoint
DROP TRIGGER IF EXISTS heartbeats_rollups_pending_update ON heartbeats;--> statement-breakpoint
DROP FUNCTION watchpost_mark_rollups_pending();--> statement-breakpoint
DROP FUNCTION watchpost_mark_rollup_pending_row();--> statement-breakpoint
DROP FUNCTION watchpost_latency_bucket(integer);--> statement-breakpoint
DROP TABLE "rollup_pending";--> statement-breakpoint
DROP TABLE "monitor_rollups_hourly";--> statement-breakpoint
DROP TABLE "monitor_rollups_daily";
