-- Undo drizzle/0028_team_two_factor_policy.sql: `make migrate-down` runs this file to roll that migration back.
ALTER TABLE "teams" DROP COLUMN "require_two_factor";
