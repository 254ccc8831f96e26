CREATE TABLE "monitor_day_summaries" (
	"monitor_id" uuid PRIMARY KEY NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"up_count" integer NOT NULL,
	"down_count" integer NOT NULL,
	"timeout_count" integer NOT NULL,
	"error_count" integer NOT NULL,
	"latency_count" integer NOT NULL,
	"latency_sum" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitor_day_summaries" ADD CONSTRAINT "monitor_day_summaries_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;