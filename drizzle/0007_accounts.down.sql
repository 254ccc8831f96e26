DROP TRIGGER users_touch_updated_at ON "users";
--> statement-breakpoint
DROP FUNCTION watchpost_touch_updated_at();
--> statement-breakpoint
ALTER TABLE "users" DROP COLUMN "session_version";
--> statement-breakpoint
DROP TABLE "rate_limits";
--> statement-breakpoint
DROP TABLE "revoked_sessions";
