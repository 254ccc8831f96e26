CREATE TABLE "rate_limits" (
	"key" varchar(320) PRIMARY KEY NOT NULL,
	"window_started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"count" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "revoked_sessions" (
	"session_id" uuid PRIMARY KEY NOT NULL,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "session_version" integer DEFAULT 0 NOT NULL;
--> statement-breakpoint
-- Hand-written: keep users.updated_at true on every change, whoever makes it.
CREATE FUNCTION watchpost_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	NEW.updated_at := now();
	RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER users_touch_updated_at BEFORE UPDATE ON "users"
	FOR EACH ROW EXECUTE FUNCTION watchpost_touch_updated_at();
