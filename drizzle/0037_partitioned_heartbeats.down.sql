-- Undo drizzle/0037_partitioned_heartbeats.sql: heartbeats becomes one plain table again,
-- every row copied into it (a rewrite of the history, unlike the way up).
DO $$
BEGIN
	IF (SELECT relkind FROM pg_class WHERE oid = 'heartbeats'::regclass) <> 'p' THEN
		RETURN;
	END IF;
	ALTER TABLE heartbeats RENAME TO heartbeats_partitioned;
	ALTER TABLE heartbeats_partitioned RENAME CONSTRAINT heartbeats_monitor_id_time_key TO heartbeats_partitioned_monitor_id_time_key;
	ALTER INDEX heartbeats_time_brin RENAME TO heartbeats_partitioned_time_brin;
	CREATE TABLE heartbeats (
		"time" timestamp with time zone NOT NULL,
		"monitor_id" uuid NOT NULL,
		"agent_id" uuid NOT NULL,
		"status" varchar(20) NOT NULL,
		"latency_ms" integer,
		"error_message" text
	);
	-- Rows first, the index and the foreign key after: one sorted build is far faster than
	-- millions of index inserts.
	INSERT INTO heartbeats SELECT * FROM heartbeats_partitioned;
	DROP TABLE heartbeats_partitioned;
	ALTER TABLE heartbeats ADD CONSTRAINT "heartbeats_monitor_id_time_key" UNIQUE ("monitor_id", "time");
	ALTER TABLE heartbeats ADD CONSTRAINT "heartbeats_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;
	CREATE INDEX heartbeats_time_brin ON heartbeats USING brin ("time");
	CREATE TRIGGER heartbeats_rollups_pending_insert AFTER INSERT ON heartbeats
		REFERENCING NEW TABLE AS changed_heartbeats
		FOR EACH STATEMENT EXECUTE FUNCTION watchpost_mark_rollups_pending();
	CREATE TRIGGER heartbeats_rollups_pending_update AFTER UPDATE ON heartbeats
		REFERENCING NEW TABLE AS changed_heartbeats
		FOR EACH STATEMENT EXECUTE FUNCTION watchpost_mark_rollups_pending();
END
$$;
--> statement-breakpoint
DROP FUNCTION watchpost_drop_heartbeat_partitions(timestamptz);
--> statement-breakpoint
DROP FUNCTION watchpost_heartbeat_weeks_wanted(timestamptz, timestamptz);
--> statement-breakpoint
DROP FUNCTION watchpost_add_heartbeat_partition(timestamptz);
--> statement-breakpoint
DROP FUNCTION watchpost_heartbeat_partitions();
