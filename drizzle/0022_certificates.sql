CREATE TABLE "certificate_changes" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"monitor_id" uuid NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"previous_fingerprint" varchar(64),
	"fingerprint" varchar(64) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "certificate_warnings" (
	"team_id" uuid NOT NULL,
	"fingerprint" varchar(64) NOT NULL,
	"days" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "certificate_warnings_team_id_fingerprint_days_pk" PRIMARY KEY("team_id","fingerprint","days")
);
--> statement-breakpoint
CREATE TABLE "certificates" (
	"fingerprint" varchar(64) PRIMARY KEY NOT NULL,
	"subject" varchar(500) NOT NULL,
	"sans" text[] DEFAULT '{}'::text[] NOT NULL,
	"issuer" varchar(500) NOT NULL,
	"serial" varchar(100) NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"chain_not_after" timestamp with time zone NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "monitor_certificates" (
	"monitor_id" uuid PRIMARY KEY NOT NULL,
	"fingerprint" varchar(64) NOT NULL,
	"since" timestamp with time zone NOT NULL,
	"seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notification_events" DROP CONSTRAINT "notification_events_kind_check";--> statement-breakpoint
ALTER TABLE "certificate_changes" ADD CONSTRAINT "certificate_changes_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "certificate_warnings" ADD CONSTRAINT "certificate_warnings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_certificates" ADD CONSTRAINT "monitor_certificates_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_certificates" ADD CONSTRAINT "monitor_certificates_fingerprint_certificates_fingerprint_fk" FOREIGN KEY ("fingerprint") REFERENCES "public"."certificates"("fingerprint") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "certificate_changes_monitor_idx" ON "certificate_changes" USING btree ("monitor_id","time" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "certificates_chain_not_after_idx" ON "certificates" USING btree ("chain_not_after");--> statement-breakpoint
CREATE INDEX "monitor_certificates_fingerprint_idx" ON "monitor_certificates" USING btree ("fingerprint");--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_kind_check" CHECK ("notification_events"."kind" IN ('incident.opened', 'incident.acknowledged', 'incident.resolved', 'incident.reminder', 'monitor.flapping', 'agent.offline', 'agent.online', 'certificate.expiring', 'test', 'status.confirm', 'status.post', 'status.maintenance'));