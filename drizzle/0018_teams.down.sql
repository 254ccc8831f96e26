-- Undo drizzle/0018_teams.sql: `make migrate-down` runs this file to roll that migration back.
-- Rows go back to belonging to the user who created them; the teams themselves are dropped.
DROP TRIGGER "users_personal_team" ON "users";--> statement-breakpoint
DROP TRIGGER "agents_team_of_user" ON "agents";--> statement-breakpoint
DROP TRIGGER "notification_channels_team_of_user" ON "notification_channels";--> statement-breakpoint
DROP TRIGGER "notification_events_team_of_user" ON "notification_events";--> statement-breakpoint
DROP TRIGGER "status_pages_team_of_user" ON "status_pages";--> statement-breakpoint
DROP TRIGGER "maintenance_windows_team_of_user" ON "maintenance_windows";--> statement-breakpoint
DROP FUNCTION "watchpost_team_of_user"();--> statement-breakpoint
DROP FUNCTION "watchpost_personal_team"();--> statement-breakpoint
DROP INDEX "agents_team_id_name_key";--> statement-breakpoint
DROP INDEX "agents_one_builtin_per_team";--> statement-breakpoint
DROP INDEX "notification_channels_team_id_name_key";--> statement-breakpoint
DROP INDEX "status_pages_team_idx";--> statement-breakpoint
DROP INDEX "maintenance_windows_team_idx";--> statement-breakpoint
ALTER TABLE "agents" DROP COLUMN "team_id";--> statement-breakpoint
ALTER TABLE "usage_events" DROP COLUMN "team_id";--> statement-breakpoint
ALTER TABLE "notification_channels" DROP COLUMN "team_id";--> statement-breakpoint
ALTER TABLE "notification_events" DROP COLUMN "team_id";--> statement-breakpoint
ALTER TABLE "status_pages" DROP COLUMN "team_id";--> statement-breakpoint
ALTER TABLE "maintenance_windows" DROP COLUMN "team_id";--> statement-breakpoint
DROP TABLE "team_invitations";--> statement-breakpoint
DROP TABLE "team_members";--> statement-breakpoint
DROP TABLE "teams";--> statement-breakpoint
CREATE UNIQUE INDEX "agents_user_id_name_key" ON "agents" USING btree ("user_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "agents_one_builtin_per_user" ON "agents" USING btree ("user_id") WHERE "agents"."kind" = 'builtin';--> statement-breakpoint
CREATE UNIQUE INDEX "notification_channels_user_id_name_key" ON "notification_channels" USING btree ("user_id",lower("name"));--> statement-breakpoint
CREATE INDEX "status_pages_user_idx" ON "status_pages" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "maintenance_windows_user_idx" ON "maintenance_windows" USING btree ("user_id");
