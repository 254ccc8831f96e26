-- Undo drizzle/0023_domain_expiry.sql: `make migrate-down` runs this file to roll that migration back.
DELETE FROM "notification_events" WHERE "kind" = 'domain.expiring';--> statement-breakpoint
ALTER TABLE "notification_events" DROP CONSTRAINT "notification_events_kind_check";--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_kind_check" CHECK ("notification_events"."kind" IN ('incident.opened', 'incident.acknowledged', 'incident.resolved', 'incident.reminder', 'monitor.flapping', 'agent.offline', 'agent.online', 'certificate.expiring', 'test', 'status.confirm', 'status.post', 'status.maintenance'));--> statement-breakpoint
DROP TABLE "domain_warnings";--> statement-breakpoint
DROP TABLE "domain_expiries";--> statement-breakpoint
DROP TABLE "rdap_bootstrap";
