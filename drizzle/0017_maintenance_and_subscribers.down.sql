-- Undo drizzle/0017_maintenance_and_subscribers.sql: `make migrate-down` runs this file to roll that migration back.
DELETE FROM "notification_events" WHERE "kind" IN ('status.confirm', 'status.post', 'status.maintenance');--> statement-breakpoint
DELETE FROM "notification_deliveries" WHERE "channel_id" IS NULL;--> statement-breakpoint
ALTER TABLE "notification_events" DROP CONSTRAINT "notification_events_kind_check";--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_kind_check" CHECK ("notification_events"."kind" IN ('incident.opened', 'incident.acknowledged', 'incident.resolved', 'incident.reminder', 'monitor.flapping', 'agent.offline', 'agent.online', 'test'));--> statement-breakpoint
ALTER TABLE "notification_deliveries" DROP CONSTRAINT "notification_deliveries_recipient_check";--> statement-breakpoint
DROP INDEX "notification_deliveries_subscriber_idx";--> statement-breakpoint
DROP INDEX "notification_deliveries_event_subscriber_key";--> statement-breakpoint
ALTER TABLE "notification_deliveries" DROP COLUMN "subscriber_id";--> statement-breakpoint
ALTER TABLE "notification_deliveries" ALTER COLUMN "channel_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "incidents" DROP COLUMN "in_maintenance";--> statement-breakpoint
DROP TABLE "maintenance_occurrences";--> statement-breakpoint
DROP TABLE "maintenance_window_pages";--> statement-breakpoint
DROP TABLE "maintenance_window_monitors";--> statement-breakpoint
DROP TABLE "maintenance_windows";--> statement-breakpoint
DROP TABLE "status_page_subscriber_components";--> statement-breakpoint
DROP TABLE "status_page_subscribers";
