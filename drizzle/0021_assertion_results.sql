CREATE TABLE "monitor_assertion_results" (
	"monitor_id" uuid PRIMARY KEY NOT NULL,
	"time" timestamp with time zone NOT NULL,
	"results" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "monitor_assertion_results" ADD CONSTRAINT "monitor_assertion_results_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;