CREATE TABLE "push_pings" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"monitor_id" uuid NOT NULL,
	"time" timestamp with time zone DEFAULT now() NOT NULL,
	"kind" varchar(10) NOT NULL,
	"exit_status" smallint,
	"run_id" uuid,
	"ended_at" timestamp with time zone,
	"duration_ms" integer,
	"body" text,
	"source_ip" varchar(64),
	"via" varchar(10) DEFAULT 'ping' NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "push_key_hash" varchar(64);--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "push_key_encrypted" "bytea";--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "push_expected_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "push_deadline_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "push_pings" ADD CONSTRAINT "push_pings_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "push_pings_monitor_idx" ON "push_pings" USING btree ("monitor_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "push_pings_open_runs_idx" ON "push_pings" USING btree ("monitor_id","time") WHERE "push_pings"."kind" = 'start' AND "push_pings"."ended_at" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "monitors_push_key_hash_key" ON "monitors" USING btree ("push_key_hash") WHERE "monitors"."push_key_hash" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "monitors_push_deadline_idx" ON "monitors" USING btree ("push_deadline_at") WHERE "monitors"."push_deadline_at" IS NOT NULL AND "monitors"."enabled" IS NOT FALSE;