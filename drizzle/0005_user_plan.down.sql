DROP TABLE "usage_events";
--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "plan";
