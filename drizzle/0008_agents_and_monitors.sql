ALTER TABLE "agents" ADD COLUMN "kind" varchar(20) DEFAULT 'remote' NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "failure_threshold" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "recovery_threshold" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "options" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "agents_user_id_name_key" ON "agents" USING btree ("user_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "agents_one_builtin_per_user" ON "agents" USING btree ("user_id") WHERE "agents"."kind" = 'builtin';--> statement-breakpoint
CREATE INDEX "monitors_agent_id_idx" ON "monitors" USING btree ("agent_id");--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_failure_threshold_range" CHECK ("monitors"."failure_threshold" BETWEEN 1 AND 10);--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_recovery_threshold_range" CHECK ("monitors"."recovery_threshold" BETWEEN 1 AND 10);