-- Undo drizzle/0027_passkeys.sql: `make migrate-down` runs this file to roll that migration back.
DROP TABLE "webauthn_challenges";--> statement-breakpoint
DROP TABLE "user_passkeys";
