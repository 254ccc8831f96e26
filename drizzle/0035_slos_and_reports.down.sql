-- Undo drizzle/0035_slos_and_reports.sql: `make migrate-down` runs this file to roll that migration back.
DELETE FROM "notification_deliveries" WHERE "address" IS NOT NULL;
DELETE FROM "notification_events" WHERE "kind" IN ('slo.burning', 'slo.exhausted', 'report.scheduled');
UPDATE "notification_channels" SET "events" = array_remove(array_remove("events", 'slo.burning'), 'slo.exhausted');
ALTER TABLE "notification_events" DROP CONSTRAINT "notification_events_kind_check";
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_kind_check" CHECK ("kind" IN ('incident.opened', 'incident.acknowledged', 'incident.resolved', 'incident.reminder', 'incident.escalated', 'monitor.flapping', 'monitor.degraded', 'monitor.recovered', 'monitor.partial', 'agent.offline', 'agent.online', 'certificate.expiring', 'domain.expiring', 'test', 'status.confirm', 'status.post', 'status.maintenance', 'maintenance.started', 'maintenance.ended'));
ALTER TABLE "notification_deliveries" DROP CONSTRAINT "notification_deliveries_recipient_check";
DROP INDEX "notification_deliveries_event_address_key";
ALTER TABLE "notification_deliveries" DROP COLUMN "address";
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_recipient_check" CHECK (num_nonnulls("channel_id", "subscriber_id", "member_id") = 1);
ALTER TABLE "notification_channels" ALTER COLUMN "events" SET DEFAULT ARRAY['incident.opened', 'incident.acknowledged', 'incident.resolved', 'agent.offline', 'agent.online', 'certificate.expiring', 'domain.expiring', 'monitor.degraded', 'monitor.recovered']::text[];
ALTER TABLE "status_pages" DROP COLUMN "slo_days";
ALTER TABLE "teams" DROP COLUMN "time_zone";
DROP TABLE "report_schedule_monitors";
DROP TABLE "report_schedules";
DROP TABLE "slos";
