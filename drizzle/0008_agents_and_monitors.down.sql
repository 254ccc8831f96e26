ALTER TABLE "monitors" DROP CONSTRAINT "monitors_recovery_threshold_range";--> statement-breakpoint
ALTER TABLE "monitors" DROP CONSTRAINT "monitors_failure_threshold_range";--> statement-breakpoint
DROP INDEX "monitors_agent_id_idx";--> statement-breakpoint
DROP INDEX "agents_one_builtin_per_user";--> statement-breakpoint
DROP INDEX "agents_user_id_name_key";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "options";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "recovery_threshold";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "failure_threshold";--> statement-breakpoint
ALTER TABLE "agents" DROP COLUMN "kind";
