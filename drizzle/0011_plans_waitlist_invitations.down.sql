-- Undo drizzle/0011_plans_waitlist_invitations.sql: `make migrate-down` runs this file to roll that migration back.
DROP TABLE "invitations";--> statement-breakpoint
ALTER TABLE "waitlist_signups" DROP CONSTRAINT "waitlist_signups_state_check";--> statement-breakpoint
DROP INDEX "waitlist_signups_state_created_at_idx";--> statement-breakpoint
ALTER TABLE "waitlist_signups" DROP COLUMN "user_id";--> statement-breakpoint
ALTER TABLE "waitlist_signups" DROP COLUMN "converted_at";--> statement-breakpoint
ALTER TABLE "waitlist_signups" DROP COLUMN "invited_at";--> statement-breakpoint
ALTER TABLE "waitlist_signups" DROP COLUMN "state";--> statement-breakpoint
ALTER TABLE "waitlist_signups" DROP COLUMN "note";--> statement-breakpoint
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_kind_check";--> statement-breakpoint
ALTER TABLE "usage_events" DROP COLUMN "dismissed_at";--> statement-breakpoint
ALTER TABLE "usage_events" DROP COLUMN "resource_id";--> statement-breakpoint
ALTER TABLE "usage_events" DROP COLUMN "quantity";
