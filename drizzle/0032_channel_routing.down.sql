-- Undo drizzle/0032_channel_routing.sql: `make migrate-down` runs this file to roll that migration back.
ALTER TABLE "notification_channels" ADD COLUMN "degraded_events" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_channels" ADD COLUMN "partial_events" boolean DEFAULT false NOT NULL;--> statement-breakpoint
UPDATE "notification_channels" SET "degraded_events" = 'monitor.degraded' = ANY ("events"), "partial_events" = 'monitor.partial' = ANY ("events");--> statement-breakpoint
ALTER TABLE "notification_channels" DROP COLUMN "events";--> statement-breakpoint
DROP TABLE "notification_channel_components";--> statement-breakpoint
DELETE FROM "notification_events" WHERE "kind" IN ('maintenance.started', 'maintenance.ended');--> statement-breakpoint
ALTER TABLE "notification_events" DROP CONSTRAINT "notification_events_kind_check";--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_kind_check" CHECK ("notification_events"."kind" IN ('incident.opened', 'incident.acknowledged', 'incident.resolved', 'incident.reminder', 'monitor.flapping', 'monitor.degraded', 'monitor.recovered', 'monitor.partial', 'agent.offline', 'agent.online', 'certificate.expiring', 'domain.expiring', 'test', 'status.confirm', 'status.post', 'status.maintenance'));
