-- Hand-written: on plain PostgreSQL, heartbeats becomes a table partitioned by "time", one
-- partition per week (Monday 00:00 UTC), so retention drops whole weeks instead of deleting
-- rows one by one. TimescaleDB keeps its hypertable (0003) and none of this applies.
--
-- Weekly, not daily, from measurements (docs/scaling.md): a year of daily partitions is
-- ~370 of them, and a read with no time bound (a monitor's newest 50 checks) then probes
-- every one: 8.8 ms against 1.1 ms with weekly ones, the same rows otherwise; reads with
-- a time range and ingest cost the same either way. A week is also the most retention
-- keeps beyond a plan's days before the whole partition goes.
--
-- The seed's columns, UNIQUE (monitor_id, time) and the foreign key stay, on every
-- partition. Rows that no partition covers (far past or far future, written by any path)
-- land in heartbeats_default, which the background leader splits into weeks.
--
-- The partitions: every bounded partition with its range (the default one has none).
CREATE FUNCTION watchpost_heartbeat_partitions()
RETURNS TABLE (name text, range_from timestamptz, range_to timestamptz)
LANGUAGE sql STABLE AS $$
	SELECT c.relname::text,
	       CASE WHEN b.expr LIKE 'FOR VALUES FROM (MINVALUE)%' THEN '-infinity'::timestamptz
	            ELSE (regexp_match(b.expr, 'FROM \(''([^'']+)''\)'))[1]::timestamptz END,
	       (regexp_match(b.expr, 'TO \(''([^'']+)''\)'))[1]::timestamptz
	FROM pg_inherits i
	JOIN pg_class c ON c.oid = i.inhrelid
	CROSS JOIN LATERAL (SELECT pg_get_expr(c.relpartbound, c.oid) AS expr) b
	WHERE i.inhparent = 'public.heartbeats'::regclass AND b.expr <> 'DEFAULT'
$$;
--> statement-breakpoint
-- Add the week's partition holding p_time, unless a partition covers part of that week.
-- Rows of the week waiting in the default partition move into it (one transaction: a
-- reader sees them before or after, never twice or not at all). Returns its name, or NULL.
CREATE FUNCTION watchpost_add_heartbeat_partition(p_time timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	v_from timestamptz := date_bin(INTERVAL '7 days', p_time, TIMESTAMPTZ '2000-01-03 00:00:00+00');
	v_to timestamptz := v_from + INTERVAL '7 days';
	v_part text := 'heartbeats_' || to_char(v_from AT TIME ZONE 'UTC', 'YYYYMMDD');
BEGIN
	IF EXISTS (SELECT 1 FROM watchpost_heartbeat_partitions() p WHERE p.range_from < v_to AND p.range_to > v_from) THEN
		RETURN NULL;
	END IF;
	IF EXISTS (SELECT 1 FROM heartbeats_default WHERE "time" >= v_from AND "time" < v_to) THEN
		EXECUTE format('CREATE TABLE %I (LIKE heartbeats INCLUDING DEFAULTS INCLUDING CONSTRAINTS)', v_part);
		EXECUTE format('WITH moved AS (DELETE FROM heartbeats_default WHERE "time" >= $1 AND "time" < $2 RETURNING *) INSERT INTO %I SELECT * FROM moved', v_part)
			USING v_from, v_to;
		EXECUTE format('ALTER TABLE heartbeats ATTACH PARTITION %I FOR VALUES FROM (%L) TO (%L)', v_part, v_from, v_to);
	ELSE
		EXECUTE format('CREATE TABLE %I PARTITION OF heartbeats FOR VALUES FROM (%L) TO (%L)', v_part, v_from, v_to);
	END IF;
	RETURN v_part;
END
$$;
--> statement-breakpoint
-- The weeks of [p_from, p_to) that no partition covers yet, and every week with rows waiting
-- in the default partition, in order: the partitions to add (the leader adds each in a
-- transaction of its own).
CREATE FUNCTION watchpost_heartbeat_weeks_wanted(p_from timestamptz, p_to timestamptz) RETURNS SETOF timestamptz
LANGUAGE plpgsql STABLE AS $$
BEGIN
	RETURN QUERY
	SELECT weeks.w FROM (
		SELECT g AS w FROM generate_series(date_bin(INTERVAL '7 days', p_from, TIMESTAMPTZ '2000-01-03 00:00:00+00'), p_to - INTERVAL '1 microsecond', INTERVAL '7 days') AS g
		UNION
		SELECT DISTINCT date_bin(INTERVAL '7 days', d."time", TIMESTAMPTZ '2000-01-03 00:00:00+00') FROM heartbeats_default d
	) weeks
	WHERE NOT EXISTS (SELECT 1 FROM watchpost_heartbeat_partitions() p WHERE p.range_from < weeks.w + INTERVAL '7 days' AND p.range_to > weeks.w)
	ORDER BY 1;
END
$$;
--> statement-breakpoint
-- Drop the partitions that end at or before p_before (all their rows past retention), each
-- with the number of rows it held. Counted first: the drops lock heartbeats (the caller sets
-- a lock_timeout), and they come last and together, so that lock is held for milliseconds.
CREATE FUNCTION watchpost_drop_heartbeat_partitions(p_before timestamptz) RETURNS TABLE (name text, row_count bigint)
LANGUAGE plpgsql AS $$
DECLARE
	v_parts text[];
	v_counts bigint[] := '{}';
	v_count bigint;
BEGIN
	SELECT array_agg(p.name ORDER BY p.range_to) INTO v_parts FROM watchpost_heartbeat_partitions() p WHERE p.range_to <= p_before;
	FOR i IN 1 .. coalesce(array_length(v_parts, 1), 0) LOOP
		EXECUTE format('SELECT count(*) FROM %I', v_parts[i]) INTO v_count;
		v_counts := v_counts || v_count;
	END LOOP;
	FOR i IN 1 .. coalesce(array_length(v_parts, 1), 0) LOOP
		EXECUTE format('DROP TABLE %I', v_parts[i]);
		name := v_parts[i];
		row_count := v_counts[i];
		RETURN NEXT;
	END LOOP;
END
$$;
--> statement-breakpoint
DO $$
DECLARE
	bound timestamptz;
	legacy text;
	has_rows boolean;
BEGIN
	IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
	   OR (SELECT relkind FROM pg_class WHERE oid = 'heartbeats'::regclass) = 'p' THEN
		RETURN;
	END IF;
	SELECT (regexp_match(pg_get_constraintdef(oid), '''([^'']+)'''))[1]::timestamptz INTO bound
	FROM pg_constraint WHERE conrelid = 'heartbeats'::regclass AND conname = 'heartbeats_partition_bound';
	-- Reads the whole history, under SHARE UPDATE EXCLUSIVE: ingest and reads go on meanwhile.
	ALTER TABLE heartbeats VALIDATE CONSTRAINT heartbeats_partition_bound;
	-- From here on a few catalog changes only: the lock is held for milliseconds.
	LOCK TABLE heartbeats IN ACCESS EXCLUSIVE MODE;
	has_rows := EXISTS (SELECT 1 FROM heartbeats);
	legacy := 'heartbeats_before_' || to_char(bound AT TIME ZONE 'UTC', 'YYYYMMDD');
	EXECUTE format('ALTER TABLE heartbeats RENAME TO %I', legacy);
	EXECUTE format('ALTER TABLE %I RENAME CONSTRAINT heartbeats_monitor_id_time_key TO %I', legacy, legacy || '_monitor_id_time_key');
	IF to_regclass('heartbeats_time_brin') IS NOT NULL THEN
		EXECUTE format('ALTER INDEX heartbeats_time_brin RENAME TO %I', legacy || '_time_brin');
	END IF;
	EXECUTE format('DROP TRIGGER heartbeats_rollups_pending_insert ON %I', legacy);
	EXECUTE format('DROP TRIGGER heartbeats_rollups_pending_update ON %I', legacy);

	CREATE TABLE heartbeats (
		"time" timestamp with time zone NOT NULL,
		"monitor_id" uuid NOT NULL,
		"agent_id" uuid NOT NULL,
		"status" varchar(20) NOT NULL,
		"latency_ms" integer,
		"error_message" text,
		CONSTRAINT "heartbeats_monitor_id_time_key" UNIQUE ("monitor_id", "time"),
		CONSTRAINT "heartbeats_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action
	) PARTITION BY RANGE ("time");
	CREATE INDEX heartbeats_time_brin ON heartbeats USING brin ("time");
	CREATE TRIGGER heartbeats_rollups_pending_insert AFTER INSERT ON heartbeats
		REFERENCING NEW TABLE AS changed_heartbeats
		FOR EACH STATEMENT EXECUTE FUNCTION watchpost_mark_rollups_pending();
	CREATE TRIGGER heartbeats_rollups_pending_update AFTER UPDATE ON heartbeats
		REFERENCING NEW TABLE AS changed_heartbeats
		FOR EACH STATEMENT EXECUTE FUNCTION watchpost_mark_rollups_pending();
	CREATE TABLE heartbeats_default PARTITION OF heartbeats DEFAULT;

	IF has_rows THEN
		-- The history stays where it is, as the partition of everything before the bound:
		-- its unique index, foreign key and the validated CHECK are taken over as they are,
		-- so nothing is rewritten or read again. Retention deletes its rows as before and
		-- drops it whole once every plan's retention has passed the bound.
		EXECUTE format('ALTER TABLE heartbeats ATTACH PARTITION %I FOR VALUES FROM (MINVALUE) TO (%L)', legacy, bound);
		EXECUTE format('ALTER TABLE %I DROP CONSTRAINT heartbeats_partition_bound', legacy);
	ELSE
		EXECUTE format('DROP TABLE %I', legacy);
	END IF;
	-- A year of weeks back (the longest plan's retention, so history loaded later lands in
	-- its week) and two ahead; the background leader keeps it so.
	PERFORM watchpost_add_heartbeat_partition(w) FROM watchpost_heartbeat_weeks_wanted(now() - INTERVAL '365 days', now() + INTERVAL '14 days') AS w;
END
$$;
