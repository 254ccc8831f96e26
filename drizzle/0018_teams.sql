CREATE TABLE "team_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"team_id" uuid NOT NULL,
	"email" varchar(255) NOT NULL,
	"role" varchar(20) NOT NULL,
	"token_hash" "bytea" NOT NULL,
	"invited_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"accepted_by" uuid,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "team_invitations_role_check" CHECK ("team_invitations"."role" IN ('viewer', 'responder', 'editor', 'admin'))
);
--> statement-breakpoint
CREATE TABLE "team_members" (
	"team_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" varchar(20) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_members_team_id_user_id_pk" PRIMARY KEY("team_id","user_id"),
	CONSTRAINT "team_members_role_check" CHECK ("team_members"."role" IN ('viewer', 'responder', 'editor', 'admin', 'owner'))
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" varchar(255) NOT NULL,
	"personal_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP INDEX "agents_user_id_name_key";--> statement-breakpoint
DROP INDEX "agents_one_builtin_per_user";--> statement-breakpoint
DROP INDEX "notification_channels_user_id_name_key";--> statement-breakpoint
DROP INDEX "status_pages_user_idx";--> statement-breakpoint
DROP INDEX "maintenance_windows_user_idx";--> statement-breakpoint
ALTER TABLE "agents" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "notification_channels" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "notification_events" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "status_pages" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD COLUMN "team_id" uuid;--> statement-breakpoint
ALTER TABLE "team_invitations" ADD CONSTRAINT "team_invitations_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_invitations" ADD CONSTRAINT "team_invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_invitations" ADD CONSTRAINT "team_invitations_accepted_by_users_id_fk" FOREIGN KEY ("accepted_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_personal_user_id_users_id_fk" FOREIGN KEY ("personal_user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "team_invitations_token_hash_key" ON "team_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "team_invitations_team_idx" ON "team_invitations" USING btree ("team_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "team_members_user_idx" ON "team_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "team_members_one_owner" ON "team_members" USING btree ("team_id") WHERE "team_members"."role" = 'owner';--> statement-breakpoint
CREATE UNIQUE INDEX "teams_personal_user_id_key" ON "teams" USING btree ("personal_user_id");--> statement-breakpoint
ALTER TABLE "agents" ADD CONSTRAINT "agents_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_channels" ADD CONSTRAINT "notification_channels_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_pages" ADD CONSTRAINT "status_pages_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ADD CONSTRAINT "maintenance_windows_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Every user gets a personal team named after them, owning all their rows, with them as its owner.
INSERT INTO "teams" ("name", "personal_user_id", "created_at") SELECT "email", "id", coalesce("created_at", now()) FROM "users";--> statement-breakpoint
INSERT INTO "team_members" ("team_id", "user_id", "role", "created_at") SELECT "id", "personal_user_id", 'owner', "created_at" FROM "teams";--> statement-breakpoint
UPDATE "agents" a SET "team_id" = t."id" FROM "teams" t WHERE t."personal_user_id" = a."user_id";--> statement-breakpoint
UPDATE "notification_channels" c SET "team_id" = t."id" FROM "teams" t WHERE t."personal_user_id" = c."user_id";--> statement-breakpoint
UPDATE "notification_events" e SET "team_id" = t."id" FROM "teams" t WHERE t."personal_user_id" = e."user_id";--> statement-breakpoint
UPDATE "status_pages" p SET "team_id" = t."id" FROM "teams" t WHERE t."personal_user_id" = p."user_id";--> statement-breakpoint
UPDATE "maintenance_windows" w SET "team_id" = t."id" FROM "teams" t WHERE t."personal_user_id" = w."user_id";--> statement-breakpoint
UPDATE "usage_events" u SET "team_id" = t."id" FROM "teams" t WHERE t."personal_user_id" = u."user_id" AND u."kind" <> 'plan_changed';--> statement-breakpoint
ALTER TABLE "notification_channels" ALTER COLUMN "team_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_events" ALTER COLUMN "team_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "status_pages" ALTER COLUMN "team_id" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "maintenance_windows" ALTER COLUMN "team_id" SET NOT NULL;--> statement-breakpoint
-- A new user (sign-up, or an operator's INSERT with only the seed's columns) gets a personal team.
CREATE FUNCTION "watchpost_personal_team"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE team uuid;
BEGIN
  INSERT INTO "teams" ("name", "personal_user_id") VALUES (NEW."email", NEW."id") RETURNING "id" INTO team;
  INSERT INTO "team_members" ("team_id", "user_id", "role") VALUES (team, NEW."id", 'owner');
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER "users_personal_team" AFTER INSERT ON "users" FOR EACH ROW EXECUTE FUNCTION "watchpost_personal_team"();--> statement-breakpoint
-- A row written with only a `user_id` (the seed's columns) lands in that user's personal team.
CREATE FUNCTION "watchpost_team_of_user"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."team_id" IS NULL AND NEW."user_id" IS NOT NULL THEN
    SELECT "id" INTO NEW."team_id" FROM "teams" WHERE "personal_user_id" = NEW."user_id";
  END IF;
  RETURN NEW;
END $$;--> statement-breakpoint
CREATE TRIGGER "agents_team_of_user" BEFORE INSERT ON "agents" FOR EACH ROW EXECUTE FUNCTION "watchpost_team_of_user"();--> statement-breakpoint
CREATE TRIGGER "notification_channels_team_of_user" BEFORE INSERT ON "notification_channels" FOR EACH ROW EXECUTE FUNCTION "watchpost_team_of_user"();--> statement-breakpoint
CREATE TRIGGER "notification_events_team_of_user" BEFORE INSERT ON "notification_events" FOR EACH ROW EXECUTE FUNCTION "watchpost_team_of_user"();--> statement-breakpoint
CREATE TRIGGER "status_pages_team_of_user" BEFORE INSERT ON "status_pages" FOR EACH ROW EXECUTE FUNCTION "watchpost_team_of_user"();--> statement-breakpoint
CREATE TRIGGER "maintenance_windows_team_of_user" BEFORE INSERT ON "maintenance_windows" FOR EACH ROW EXECUTE FUNCTION "watchpost_team_of_user"();--> statement-breakpoint
CREATE UNIQUE INDEX "agents_team_id_name_key" ON "agents" USING btree ("team_id",lower("name"));--> statement-breakpoint
CREATE UNIQUE INDEX "agents_one_builtin_per_team" ON "agents" USING btree ("team_id") WHERE "agents"."kind" = 'builtin';--> statement-breakpoint
CREATE UNIQUE INDEX "notification_channels_team_id_name_key" ON "notification_channels" USING btree ("team_id",lower("name"));--> statement-breakpoint
CREATE INDEX "status_pages_team_idx" ON "status_pages" USING btree ("team_id");--> statement-breakpoint
CREATE INDEX "maintenance_windows_team_idx" ON "maintenance_windows" USING btree ("team_id");