-- Undo drizzle/0026_two_factor.sql: `make migrate-down` runs this file to roll that migration back.
DROP TABLE "user_recovery_codes";--> statement-breakpoint
DROP TABLE "user_totp";
