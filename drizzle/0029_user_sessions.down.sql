-- Undo drizzle/0029_user_sessions.sql: `make migrate-down` runs this file to roll that migration back.
-- Every session ends: cookies are checked against revoked_sessions again, and a new version of the users' sessions is forced.
DROP TABLE "user_sessions";
--> statement-breakpoint
CREATE TABLE "revoked_sessions" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
UPDATE "users" SET "session_version" = "session_version" + 1;
