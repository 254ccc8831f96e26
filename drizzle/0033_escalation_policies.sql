CREATE TABLE "escalation_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"name" varchar(100) NOT NULL,
	"repeat_count" smallint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "escalation_policies_repeat_check" CHECK ("escalation_policies"."repeat_count" BETWEEN 0 AND 9)
);
--> statement-breakpoint
CREATE TABLE "escalation_step_channels" (
	"step_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	CONSTRAINT "escalation_step_channels_step_id_channel_id_pk" PRIMARY KEY("step_id","channel_id")
);
--> statement-breakpoint
CREATE TABLE "escalation_steps" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"policy_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"wait_minutes" integer NOT NULL,
	"notify_responders" boolean DEFAULT false NOT NULL,
	CONSTRAINT "escalation_steps_wait_check" CHECK ("escalation_steps"."wait_minutes" BETWEEN 1 AND 1440),
	CONSTRAINT "escalation_steps_position_check" CHECK ("escalation_steps"."position" BETWEEN 0 AND 9)
);
--> statement-breakpoint
CREATE TABLE "incident_escalations" (
	"incident_id" uuid PRIMARY KEY NOT NULL,
	"policy_id" uuid NOT NULL,
	"next_step" smallint DEFAULT 0 NOT NULL,
	"pass" smallint DEFAULT 0 NOT NULL,
	"next_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	"stopped_because" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitor_escalation_policies" (
	"monitor_id" uuid PRIMARY KEY NOT NULL,
	"policy_id" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notification_deliveries" DROP CONSTRAINT "notification_deliveries_state_check";--> statement-breakpoint
ALTER TABLE "notification_deliveries" DROP CONSTRAINT "notification_deliveries_recipient_check";--> statement-breakpoint
ALTER TABLE "notification_events" DROP CONSTRAINT "notification_events_kind_check";--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD COLUMN "member_id" uuid;--> statement-breakpoint
ALTER TABLE "escalation_policies" ADD CONSTRAINT "escalation_policies_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_policies" ADD CONSTRAINT "escalation_policies_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_step_channels" ADD CONSTRAINT "escalation_step_channels_step_id_escalation_steps_id_fk" FOREIGN KEY ("step_id") REFERENCES "public"."escalation_steps"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_step_channels" ADD CONSTRAINT "escalation_step_channels_channel_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."notification_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "escalation_steps" ADD CONSTRAINT "escalation_steps_policy_id_escalation_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."escalation_policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_escalations" ADD CONSTRAINT "incident_escalations_incident_id_incidents_id_fk" FOREIGN KEY ("incident_id") REFERENCES "public"."incidents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "incident_escalations" ADD CONSTRAINT "incident_escalations_policy_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."escalation_policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_escalation_policies" ADD CONSTRAINT "monitor_escalation_policies_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_escalation_policies" ADD CONSTRAINT "monitor_escalation_policies_policy_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."escalation_policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "escalation_policies_team_id_name_key" ON "escalation_policies" USING btree ("team_id",lower("name"));--> statement-breakpoint
CREATE INDEX "escalation_step_channels_channel_id_idx" ON "escalation_step_channels" USING btree ("channel_id");--> statement-breakpoint
CREATE UNIQUE INDEX "escalation_steps_policy_id_position_key" ON "escalation_steps" USING btree ("policy_id","position");--> statement-breakpoint
CREATE INDEX "incident_escalations_next_at_idx" ON "incident_escalations" USING btree ("next_at") WHERE "incident_escalations"."next_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "monitor_escalation_policies_policy_id_idx" ON "monitor_escalation_policies" USING btree ("policy_id");--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_member_id_users_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notification_deliveries_event_member_key" ON "notification_deliveries" USING btree ("event_id","member_id");--> statement-breakpoint
CREATE INDEX "notification_deliveries_member_idx" ON "notification_deliveries" USING btree ("member_id");--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_state_check" CHECK ("notification_deliveries"."state" IN ('queued', 'delivered', 'failed', 'folded', 'cancelled'));--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_recipient_check" CHECK (num_nonnulls("notification_deliveries"."channel_id", "notification_deliveries"."subscriber_id", "notification_deliveries"."member_id") = 1);--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_kind_check" CHECK ("notification_events"."kind" IN ('incident.opened', 'incident.acknowledged', 'incident.resolved', 'incident.reminder', 'incident.escalated', 'monitor.flapping', 'monitor.degraded', 'monitor.recovered', 'monitor.partial', 'agent.offline', 'agent.online', 'certificate.expiring', 'domain.expiring', 'test', 'status.confirm', 'status.post', 'status.maintenance', 'maintenance.started', 'maintenance.ended'));