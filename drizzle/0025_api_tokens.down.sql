-- Undo drizzle/0025_api_tokens.sql: `make migrate-down` runs this file to roll that migration back.
DROP INDEX "monitors_paused_until_idx";--> statement-breakpoint
ALTER TABLE "monitors" DROP COLUMN "paused_until";--> statement-breakpoint
DROP TABLE "api_idempotency";--> statement-breakpoint
DROP TABLE "api_tokens";
