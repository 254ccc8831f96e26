CREATE TABLE "domain_expiries" (
	"domain" varchar(253) PRIMARY KEY NOT NULL,
	"state" varchar(10) NOT NULL,
	"expires_at" timestamp with time zone,
	"message" text,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	"next_check_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "domain_warnings" (
	"team_id" uuid NOT NULL,
	"domain" varchar(253) NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"days" integer NOT NULL,
	"sent_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "domain_warnings_team_id_domain_expires_at_days_pk" PRIMARY KEY("team_id","domain","expires_at","days")
);
--> statement-breakpoint
CREATE TABLE "rdap_bootstrap" (
	"url" text PRIMARY KEY NOT NULL,
	"services" text NOT NULL,
	"fetched_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notification_events" DROP CONSTRAINT "notification_events_kind_check";--> statement-breakpoint
ALTER TABLE "domain_warnings" ADD CONSTRAINT "domain_warnings_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_kind_check" CHECK ("notification_events"."kind" IN ('incident.opened', 'incident.acknowledged', 'incident.resolved', 'incident.reminder', 'monitor.flapping', 'agent.offline', 'agent.online', 'certificate.expiring', 'domain.expiring', 'test', 'status.confirm', 'status.post', 'status.maintenance'));