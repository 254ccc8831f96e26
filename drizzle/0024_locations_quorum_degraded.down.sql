-- Undo drizzle/0024_locations_quorum_degraded.sql: `make migrate-down` runs this file to roll that migration back.
DROP FUNCTION watchpost_checks(uuid, timestamptz, timestamptz);--> statement-breakpoint
DROP TRIGGER monitor_locations_counted_on_update ON monitor_locations;--> statement-breakpoint
DROP TRIGGER monitor_locations_counted_on_delete ON monitor_locations;--> statement-breakpoint
DROP TRIGGER monitor_locations_counted_on_insert ON monitor_locations;--> statement-breakpoint
DROP FUNCTION watchpost_count_locations();--> statement-breakpoint
DELETE FROM "notification_events" WHERE "kind" IN ('monitor.degraded', 'monitor.recovered', 'monitor.partial');--> statement-breakpoint
ALTER TABLE "notification_events" DROP CONSTRAINT "notification_events_kind_check";--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_kind_check" CHECK ("notification_events"."kind" IN ('incident.opened', 'incident.acknowledged', 'incident.resolved', 'incident.reminder', 'monitor.flapping', 'agent.offline', 'agent.online', 'certificate.expiring', 'domain.expiring', 'test', 'status.confirm', 'status.post', 'status.maintenance'));--> statement-breakpoint
ALTER TABLE "notification_channels" DROP COLUMN "partial_events";--> statement-breakpoint
ALTER TABLE "notification_channels" DROP COLUMN "degraded_events";--> statement-breakpoint
ALTER TABLE "monitors" DROP CONSTRAINT "monitors_degraded_after_ms_range";--> statement-breakpoint
ALTER TABLE "monitors" DROP CONSTRAINT "monitors_quorum_k_range";--> statement-breakpoint
ALTER TABLE "monitors" DROP CONSTRAINT "monitors_quorum_rule";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "pace_started_at";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "pace_count";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "pace_kind";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "degraded_since";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "degraded_after_ms";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "quorum_k";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "location_count";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "quorum_rule";--> statement-breakpoint
DROP TABLE "monitor_locations";--> statement-breakpoint
DROP TABLE "location_states";--> statement-breakpoint
DROP TABLE "degraded_periods";
