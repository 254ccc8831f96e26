CREATE TABLE "report_schedule_monitors" (
	"schedule_id" uuid NOT NULL,
	"monitor_id" uuid NOT NULL,
	CONSTRAINT "report_schedule_monitors_schedule_id_monitor_id_pk" PRIMARY KEY("schedule_id","monitor_id")
);
--> statement-breakpoint
CREATE TABLE "report_schedules" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"user_id" uuid,
	"name" varchar(100) NOT NULL,
	"cadence" varchar(10) NOT NULL,
	"hour" smallint DEFAULT 8 NOT NULL,
	"status_page_id" uuid,
	"chosen_monitors" boolean DEFAULT false NOT NULL,
	"addresses" text[] DEFAULT ARRAY[]::text[] NOT NULL,
	"to_members" boolean DEFAULT false NOT NULL,
	"next_run_at" timestamp with time zone NOT NULL,
	"last_run_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "report_schedules_cadence_check" CHECK ("report_schedules"."cadence" IN ('weekly', 'monthly')),
	CONSTRAINT "report_schedules_hour_check" CHECK ("report_schedules"."hour" BETWEEN 0 AND 23),
	CONSTRAINT "report_schedules_addresses_check" CHECK (cardinality("report_schedules"."addresses") <= 50),
	CONSTRAINT "report_schedules_recipients_check" CHECK (cardinality("report_schedules"."addresses") > 0 OR "report_schedules"."to_members")
);
--> statement-breakpoint
CREATE TABLE "slos" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"user_id" uuid,
	"name" varchar(100) NOT NULL,
	"monitor_id" uuid,
	"component_id" uuid,
	"target" numeric(6, 3) NOT NULL,
	"window" varchar(10) NOT NULL,
	"degraded_counts_as_down" boolean DEFAULT false NOT NULL,
	"fast_burn" real DEFAULT 14.4 NOT NULL,
	"slow_burn" real DEFAULT 6 NOT NULL,
	"burning_since" timestamp with time zone,
	"exhausted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "slos_subject_check" CHECK (num_nonnulls("slos"."monitor_id", "slos"."component_id") = 1),
	CONSTRAINT "slos_target_check" CHECK ("slos"."target" > 0 AND "slos"."target" <= 100),
	CONSTRAINT "slos_window_check" CHECK ("slos"."window" IN ('7d', '28d', '30d', '90d', 'month', 'quarter')),
	CONSTRAINT "slos_burn_check" CHECK ("slos"."fast_burn" >= 1 AND "slos"."slow_burn" >= 1)
);
--> statement-breakpoint
ALTER TABLE "notification_deliveries" DROP CONSTRAINT "notification_deliveries_recipient_check";--> statement-breakpoint
ALTER TABLE "notification_events" DROP CONSTRAINT "notification_events_kind_check";--> statement-breakpoint
ALTER TABLE "notification_channels" ALTER COLUMN "events" SET DEFAULT ARRAY['incident.opened', 'incident.acknowledged', 'incident.resolved', 'agent.offline', 'agent.online', 'certificate.expiring', 'domain.expiring', 'monitor.degraded', 'monitor.recovered', 'slo.burning', 'slo.exhausted']::text[];--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD COLUMN "address" varchar(320);--> statement-breakpoint
ALTER TABLE "status_pages" ADD COLUMN "slo_days" smallint;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "time_zone" varchar(64) DEFAULT 'UTC' NOT NULL;--> statement-breakpoint
ALTER TABLE "report_schedule_monitors" ADD CONSTRAINT "report_schedule_monitors_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_schedule_monitors" ADD CONSTRAINT "report_schedule_monitors_schedule_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."report_schedules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_schedules" ADD CONSTRAINT "report_schedules_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_schedules" ADD CONSTRAINT "report_schedules_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_schedules" ADD CONSTRAINT "report_schedules_status_page_id_fk" FOREIGN KEY ("status_page_id") REFERENCES "public"."status_pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slos" ADD CONSTRAINT "slos_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slos" ADD CONSTRAINT "slos_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slos" ADD CONSTRAINT "slos_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "slos" ADD CONSTRAINT "slos_component_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."status_page_components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_schedule_monitors_monitor_id_idx" ON "report_schedule_monitors" USING btree ("monitor_id");--> statement-breakpoint
CREATE UNIQUE INDEX "report_schedules_team_id_name_key" ON "report_schedules" USING btree ("team_id",lower("name"));--> statement-breakpoint
CREATE INDEX "report_schedules_next_run_at_idx" ON "report_schedules" USING btree ("next_run_at");--> statement-breakpoint
CREATE UNIQUE INDEX "slos_team_id_name_key" ON "slos" USING btree ("team_id",lower("name"));--> statement-breakpoint
CREATE INDEX "slos_monitor_id_idx" ON "slos" USING btree ("monitor_id");--> statement-breakpoint
CREATE INDEX "slos_component_id_idx" ON "slos" USING btree ("component_id");--> statement-breakpoint
CREATE UNIQUE INDEX "notification_deliveries_event_address_key" ON "notification_deliveries" USING btree ("event_id","address");--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_recipient_check" CHECK (num_nonnulls("notification_deliveries"."channel_id", "notification_deliveries"."subscriber_id", "notification_deliveries"."member_id", "notification_deliveries"."address") = 1);--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_kind_check" CHECK ("notification_events"."kind" IN ('incident.opened', 'incident.acknowledged', 'incident.resolved', 'incident.reminder', 'incident.escalated', 'monitor.flapping', 'monitor.degraded', 'monitor.recovered', 'monitor.partial', 'agent.offline', 'agent.online', 'certificate.expiring', 'domain.expiring', 'test', 'status.confirm', 'status.post', 'status.maintenance', 'maintenance.started', 'maintenance.ended', 'slo.burning', 'slo.exhausted', 'report.scheduled'));--> statement-breakpoint
-- Channels that page on incidents also hear of SLO burn (paging services excepted: nothing would close the alert).
UPDATE "notification_channels" SET "events" = "events" || ARRAY['slo.burning', 'slo.exhausted']::text[]
WHERE 'incident.opened' = ANY ("events") AND "kind" NOT IN ('pagerduty', 'opsgenie');
