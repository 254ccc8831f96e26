CREATE TABLE "notification_channel_components" (
	"channel_id" uuid NOT NULL,
	"component_id" uuid NOT NULL,
	CONSTRAINT "notification_channel_components_channel_id_component_id_pk" PRIMARY KEY("channel_id","component_id")
);
--> statement-breakpoint
ALTER TABLE "notification_events" DROP CONSTRAINT "notification_events_kind_check";--> statement-breakpoint
ALTER TABLE "notification_channels" ADD COLUMN "events" text[] DEFAULT ARRAY['incident.opened', 'incident.acknowledged', 'incident.resolved', 'agent.offline', 'agent.online', 'certificate.expiring', 'domain.expiring', 'monitor.degraded', 'monitor.recovered']::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_channel_components" ADD CONSTRAINT "notification_channel_components_component_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."status_page_components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_channel_components" ADD CONSTRAINT "notification_channel_components_channel_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."notification_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notification_channel_components_component_id_idx" ON "notification_channel_components" USING btree ("component_id");--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_kind_check" CHECK ("notification_events"."kind" IN ('incident.opened', 'incident.acknowledged', 'incident.resolved', 'incident.reminder', 'monitor.flapping', 'monitor.degraded', 'monitor.recovered', 'monitor.partial', 'agent.offline', 'agent.online', 'certificate.expiring', 'domain.expiring', 'test', 'status.confirm', 'status.post', 'status.maintenance', 'maintenance.started', 'maintenance.ended'));--> statement-breakpoint
-- What each channel got before: incidents, agents, certificates and domains always; degraded and partial as it chose.
UPDATE "notification_channels" SET "events" = ARRAY['incident.opened', 'incident.acknowledged', 'incident.resolved', 'agent.offline', 'agent.online', 'certificate.expiring', 'domain.expiring']::text[]
  || CASE WHEN "degraded_events" THEN ARRAY['monitor.degraded', 'monitor.recovered']::text[] ELSE ARRAY[]::text[] END
  || CASE WHEN "partial_events" THEN ARRAY['monitor.partial']::text[] ELSE ARRAY[]::text[] END;--> statement-breakpoint
ALTER TABLE "notification_channels" DROP COLUMN "degraded_events";--> statement-breakpoint
ALTER TABLE "notification_channels" DROP COLUMN "partial_events";
