-- Undo drizzle/0041_rollup_marks_per_statement.sql: `make migrate-down` runs this file to roll that migration back.
LOCK TABLE "heartbeats" IN SHARE MODE;--> statement-breakpoint
ALTER TABLE "rollup_pending" RENAME TO "rollup_pending_by_statement";--> statement-breakpoint
CREATE TABLE "rollup_pending" (
	"monitor_id" uuid NOT NULL,
	"hour" timestamp with time zone NOT NULL,
	"earliest" timestamp with time zone NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
INSERT INTO "rollup_pending" (monitor_id, hour, earliest, marked_at)
SELECT u.monitor_id, u.hour, u.earliest, p.marked_at
FROM "rollup_pending_by_statement" p, unnest(p.monitor_ids, p.hours, p.earliest) AS u(monitor_id, hour, earliest);--> statement-breakpoint
DROP TABLE "rollup_pending_by_statement";--> statement-breakpoint
CREATE OR REPLACE FUNCTION watchpost_mark_rollups_pending() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
	INSERT INTO rollup_pending (monitor_id, hour, earliest)
	SELECT monitor_id, date_bin('1 hour', "time", TIMESTAMPTZ '2000-01-01 00:00:00+00'),
	       CASE WHEN TG_OP = 'INSERT' THEN min("time") ELSE '-infinity' END
	FROM changed_heartbeats
	GROUP BY 1, 2;
	RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION watchpost_mark_rollup_pending_row() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
	INSERT INTO rollup_pending (monitor_id, hour, earliest)
	VALUES (NEW.monitor_id, date_bin('1 hour', NEW."time", TIMESTAMPTZ '2000-01-01 00:00:00+00'),
	        CASE WHEN TG_OP = 'INSERT' THEN NEW."time" ELSE '-infinity' END);
	RETURN NULL;
END
$$;
