-- Hand-written, first of two steps that make heartbeats a partitioned table on plain
-- PostgreSQL (TimescaleDB keeps its hypertable; see 0037 for the layout and why weekly).
--
-- The existing table becomes the partition for everything before a week boundary past its
-- newest row. Attaching it is instant only if a valid CHECK already proves its rows lie
-- before that bound; adding the CHECK here NOT VALID takes the table's lock for a moment,
-- and 0037 validates it under a lock that lets ingest and every read go on, so no step
-- holds up the app while PostgreSQL reads the whole history.
DO $$
DECLARE
	newest timestamptz;
	bound timestamptz;
BEGIN
	IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb')
	   OR (SELECT relkind FROM pg_class WHERE oid = 'heartbeats'::regclass) = 'p' THEN
		RETURN;
	END IF;
	-- The newest row, one probe of the (monitor_id, time) index per monitor (every row has
	-- its monitor: the foreign key).
	SELECT max(last.t) INTO newest
	FROM monitors m CROSS JOIN LATERAL (SELECT max(h."time") AS t FROM heartbeats h WHERE h.monitor_id = m.id) last;
	-- The next Monday 00:00 UTC at least a day ahead of both now and the newest row; ingest
	-- takes nothing more than 5 minutes ahead, so nothing is refused before 0037 runs.
	bound := date_bin(INTERVAL '7 days', greatest(now() + INTERVAL '1 day', newest), TIMESTAMPTZ '2000-01-03 00:00:00+00') + INTERVAL '7 days';
	EXECUTE format('ALTER TABLE heartbeats ADD CONSTRAINT heartbeats_partition_bound CHECK ("time" < %L) NOT VALID', bound);
END
$$;
