-- Weekly partitions are named as pg_partman names them ('heartbeats_p' and the ISO year and
-- week of their Monday, e.g. heartbeats_p2026w49), so that where pg_partman is installed and
-- takes over heartbeats (lib/retention/partitions.ts), it finds the weeks that exist by name
-- and never makes a second partition for one of them.
CREATE OR REPLACE FUNCTION watchpost_add_heartbeat_partition(p_time timestamptz) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	v_from timestamptz := date_bin(INTERVAL '7 days', p_time, TIMESTAMPTZ '2000-01-03 00:00:00+00');
	v_to timestamptz := v_from + INTERVAL '7 days';
	v_part text := 'heartbeats_p' || to_char(v_from AT TIME ZONE 'UTC', 'IYYY"w"IW');
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
DO $$
DECLARE
	p record;
BEGIN
	IF (SELECT relkind FROM pg_class WHERE oid = 'heartbeats'::regclass) <> 'p' THEN
		RETURN;
	END IF;
	FOR p IN SELECT name, range_from FROM watchpost_heartbeat_partitions() WHERE name ~ '^heartbeats_[0-9]{8}$' LOOP
		EXECUTE format('ALTER TABLE %I RENAME TO %I', p.name, 'heartbeats_p' || to_char(p.range_from AT TIME ZONE 'UTC', 'IYYY"w"IW'));
	END LOOP;
END
$$;
