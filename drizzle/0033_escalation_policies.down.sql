-- Undo drizzle/0033_escalation_policies.sql: `make migrate-down` runs this file to roll that migration back.
DROP TABLE "incident_escalations";--> statement-breakpoint
DROP TABLE "monitor_escalation_policies";--> statement-breakpoint
DROP TABLE "escalation_step_channels";--> statement-breakpoint
DROP TABLE "escalation_steps";--> statement-breakpoint
DROP TABLE "escalation_policies";--> statement-breakpoint
DELETE FROM "notification_deliveries" WHERE "member_id" IS NOT NULL OR "state" = 'cancelled';--> statement-breakpoint
DELETE FROM "notification_events" WHERE "kind" = 'incident.escalated';--> statement-breakpoint
ALTER TABLE "notification_deliveries" DROP CONSTRAINT "notification_deliveries_recipient_check";--> statement-breakpoint
ALTER TABLE "notification_deliveries" DROP CONSTRAINT "notification_deliveries_state_check";--> statement-breakpoint
ALTER TABLE "notification_deliveries" DROP COLUMN "member_id";--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_state_check" CHECK ("notification_deliveries"."state" IN ('queued', 'delivered', 'failed', 'folded'));--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_recipient_check" CHECK (num_nonnulls("notification_deliveries"."channel_id", "notification_deliveries"."subscriber_id") = 1);--> statement-breakpoint
ALTER TABLE "notification_events" DROP CONSTRAINT "notification_events_kind_check";--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_kind_check" CHECK ("notification_events"."kind" IN ('incident.opened', 'incident.acknowledged', 'incident.resolved', 'incident.reminder', 'monitor.flapping', 'monitor.degraded', 'monitor.recovered', 'monitor.partial', 'agent.offline', 'agent.online', 'certificate.expiring', 'domain.expiring', 'test', 'status.confirm', 'status.post', 'status.maintenance', 'maintenance.started', 'maintenance.ended'));
