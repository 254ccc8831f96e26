-- Hand-written: one rollup mark per statement instead of one per (monitor, hour). An ingest
-- batch of 500 monitors wrote 500 mark rows and the refresh deleted them one by one: a row
-- inserted and a row deleted, with their WAL, for every heartbeat stored. Now a statement
-- writes one row holding its (monitor, hour) pairs as arrays, and the refresh deletes that.
-- Marks left by the previous version are kept, merged into one row.
-- Writers of heartbeats wait until this commits: a statement under way would otherwise run
-- the old trigger function against the new table once the migration commits.
LOCK TABLE "heartbeats" IN SHARE MODE;--> statement-breakpoint
ALTER TABLE "rollup_pending" RENAME TO "rollup_pending_by_hour";--> statement-breakpoint
CREATE TABLE "rollup_pending" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"monitor_ids" uuid[] NOT NULL,
	"hours" timestamp with time zone[] NOT NULL,
	"earliest" timestamp with time zone[] NOT NULL,
	"pairs" integer NOT NULL,
	"marked_at" timestamp with time zone DEFAULT now() NOT NULL
);--> statement-breakpoint
-- A batch's arrays are stored out of line uncompressed: uuids do not compress, and trying costs.
ALTER TABLE "rollup_pending" ALTER COLUMN "monitor_ids" SET STORAGE EXTERNAL, ALTER COLUMN "hours" SET STORAGE EXTERNAL, ALTER COLUMN "earliest" SET STORAGE EXTERNAL;--> statement-breakpoint
INSERT INTO "rollup_pending" (monitor_ids, hours, earliest, pairs, marked_at)
SELECT array_agg(monitor_id ORDER BY hour, monitor_id), array_agg(hour ORDER BY hour, monitor_id), array_agg(earliest ORDER BY hour, monitor_id), count(*), min(marked_at)
FROM (SELECT monitor_id, hour, min(earliest) AS earliest, min(marked_at) AS marked_at FROM "rollup_pending_by_hour" GROUP BY 1, 2) m
HAVING count(*) > 0;--> statement-breakpoint
DROP TABLE "rollup_pending_by_hour";--> statement-breakpoint
-- Every statement that writes heartbeats marks the (monitor, hour) pairs it touched, with the
-- earliest time it wrote in each, in its own transaction (lib/rollups/refresh.ts): one row,
-- its three arrays in the same order (one aggregation feeds them all).
CREATE OR REPLACE FUNCTION watchpost_mark_rollups_pending() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
	INSERT INTO rollup_pending (monitor_ids, hours, earliest, pairs)
	SELECT array_agg(monitor_id), array_agg(hour), array_agg(earliest), count(*)
	FROM (
		SELECT monitor_id, date_bin('1 hour', "time", TIMESTAMPTZ '2000-01-01 00:00:00+00') AS hour,
		       CASE WHEN TG_OP = 'INSERT' THEN min("time") ELSE '-infinity' END AS earliest
		FROM changed_heartbeats
		GROUP BY 1, 2
	) pairs
	HAVING count(*) > 0;
	RETURN NULL;
END
$$;
--> statement-breakpoint
-- TimescaleDB before 2.18 (no transition tables on hypertables): a mark per row.
CREATE OR REPLACE FUNCTION watchpost_mark_rollup_pending_row() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
	INSERT INTO rollup_pending (monitor_ids, hours, earliest, pairs)
	VALUES (ARRAY[NEW.monitor_id], ARRAY[date_bin('1 hour', NEW."time", TIMESTAMPTZ '2000-01-01 00:00:00+00')],
	        ARRAY[CASE WHEN TG_OP = 'INSERT' THEN NEW."time" ELSE '-infinity' END], 1);
	RETURN NULL;
END
$$;
