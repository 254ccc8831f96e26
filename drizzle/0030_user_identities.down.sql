-- Undo drizzle/0030_user_identities.sql: `make migrate-down` runs this file to roll that migration back.
DROP TABLE "user_identities";
