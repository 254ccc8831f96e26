-- Undo drizzle/0020_push_monitors.sql: `make migrate-down` runs this file to roll that migration back.
DROP TABLE "push_pings";--> statement-breakpoint
DELETE FROM "monitors" WHERE "type" = 'push';--> statement-breakpoint
DROP INDEX "monitors_push_key_hash_key";--> statement-breakpoint
DROP INDEX "monitors_push_deadline_idx";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "push_key_hash";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "push_key_encrypted";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "push_expected_at";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "push_deadline_at";
