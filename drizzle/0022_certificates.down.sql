-- Undo drizzle/0022_certificates.sql: `make migrate-down` runs this file to roll that migration back.
DELETE FROM "notification_events" WHERE "kind" = 'certificate.expiring';--> statement-breakpoint
ALTER TABLE "notification_events" DROP CONSTRAINT "notification_events_kind_check";--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_kind_check" CHECK ("notification_events"."kind" IN ('incident.opened', 'incident.acknowledged', 'incident.resolved', 'incident.reminder', 'monitor.flapping', 'agent.offline', 'agent.online', 'test', 'status.confirm', 'status.post', 'status.maintenance'));--> statement-breakpoint
DROP TABLE "certificate_changes";--> statement-breakpoint
DROP TABLE "certificate_warnings";--> statement-breakpoint
DROP TABLE "monitor_certificates";--> statement-breakpoint
DROP TABLE "certificates";
