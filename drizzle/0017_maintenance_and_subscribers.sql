CREATE TABLE "status_page_subscriber_components" (
	"subscriber_id" uuid NOT NULL,
	"component_id" uuid NOT NULL,
	CONSTRAINT "status_page_subscriber_components_subscriber_id_component_id_pk" PRIMARY KEY("subscriber_id","component_id")
);
--> statement-breakpoint
CREATE TABLE "status_page_subscribers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"page_id" uuid NOT NULL,
	"email" varchar(254) NOT NULL,
	"all_components" boolean DEFAULT true NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmation_sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "maintenance_occurrences" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"window_id" uuid NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"soon_handled_at" timestamp with time zone,
	"start_handled_at" timestamp with time zone,
	"end_handled_at" timestamp with time zone,
	CONSTRAINT "maintenance_occurrences_order_check" CHECK ("maintenance_occurrences"."ends_at" > "maintenance_occurrences"."starts_at")
);
--> statement-breakpoint
CREATE TABLE "maintenance_window_monitors" (
	"window_id" uuid NOT NULL,
	"monitor_id" uuid NOT NULL,
	CONSTRAINT "maintenance_window_monitors_window_id_monitor_id_pk" PRIMARY KEY("window_id","monitor_id")
);
--> statement-breakpoint
CREATE TABLE "maintenance_window_pages" (
	"window_id" uuid NOT NULL,
	"page_id" uuid NOT NULL,
	CONSTRAINT "maintenance_window_pages_window_id_page_id_pk" PRIMARY KEY("window_id","page_id")
);
--> statement-breakpoint
CREATE TABLE "maintenance_windows" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"title" varchar(200) NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"time_zone" varchar(64) NOT NULL,
	"starts_at_local" varchar(16) NOT NULL,
	"duration_minutes" integer NOT NULL,
	"rrule" text,
	"notify_subscribers" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "maintenance_windows_duration_check" CHECK ("maintenance_windows"."duration_minutes" BETWEEN 1 AND 10080)
);
--> statement-breakpoint
ALTER TABLE "notification_events" DROP CONSTRAINT "notification_events_kind_check";--> statement-breakpoint
ALTER TABLE "notification_deliveries" ALTER COLUMN "channel_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "in_maintenance" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD COLUMN "subscriber_id" uuid;--> statement-breakpoint
ALTER TABLE "status_page_subscriber_components" ADD CONSTRAINT "status_page_subscriber_components_subscriber_id_status_page_subscribers_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."status_page_subscribers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_page_subscriber_components" ADD CONSTRAINT "status_page_subscriber_components_component_id_status_page_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."status_page_components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_page_subscribers" ADD CONSTRAINT "status_page_subscribers_page_id_status_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."status_pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_occurrences" ADD CONSTRAINT "maintenance_occurrences_window_id_maintenance_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."maintenance_windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_window_monitors" ADD CONSTRAINT "maintenance_window_monitors_window_id_maintenance_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."maintenance_windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_window_monitors" ADD CONSTRAINT "maintenance_window_monitors_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_window_pages" ADD CONSTRAINT "maintenance_window_pages_window_id_maintenance_windows_id_fk" FOREIGN KEY ("window_id") REFERENCES "public"."maintenance_windows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_window_pages" ADD CONSTRAINT "maintenance_window_pages_page_id_status_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."status_pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "status_page_subscriber_components_component_idx" ON "status_page_subscriber_components" USING btree ("component_id");--> statement-breakpoint
CREATE UNIQUE INDEX "status_page_subscribers_page_email_key" ON "status_page_subscribers" USING btree ("page_id",lower("email"));--> statement-breakpoint
CREATE INDEX "maintenance_occurrences_window_idx" ON "maintenance_occurrences" USING btree ("window_id","starts_at");--> statement-breakpoint
CREATE INDEX "maintenance_occurrences_window_ends_idx" ON "maintenance_occurrences" USING btree ("window_id","ends_at");--> statement-breakpoint
CREATE INDEX "maintenance_occurrences_unhandled_idx" ON "maintenance_occurrences" USING btree ("starts_at") WHERE "maintenance_occurrences"."end_handled_at" IS NULL;--> statement-breakpoint
CREATE INDEX "maintenance_window_monitors_monitor_idx" ON "maintenance_window_monitors" USING btree ("monitor_id");--> statement-breakpoint
CREATE INDEX "maintenance_window_pages_page_idx" ON "maintenance_window_pages" USING btree ("page_id");--> statement-breakpoint
CREATE INDEX "maintenance_windows_user_idx" ON "maintenance_windows" USING btree ("user_id");--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_subscriber_id_status_page_subscribers_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."status_page_subscribers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "notification_deliveries_event_subscriber_key" ON "notification_deliveries" USING btree ("event_id","subscriber_id");--> statement-breakpoint
CREATE INDEX "notification_deliveries_subscriber_idx" ON "notification_deliveries" USING btree ("subscriber_id");--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_recipient_check" CHECK (num_nonnulls("notification_deliveries"."channel_id", "notification_deliveries"."subscriber_id") = 1);--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_kind_check" CHECK ("notification_events"."kind" IN ('incident.opened', 'incident.acknowledged', 'incident.resolved', 'incident.reminder', 'monitor.flapping', 'agent.offline', 'agent.online', 'test', 'status.confirm', 'status.post', 'status.maintenance'));