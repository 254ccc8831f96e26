ALTER TABLE "monitors" ADD COLUMN "last_heartbeat_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "streak_kind" varchar(10);--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "streak_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "streak_started_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "incidents_one_unresolved_per_monitor" ON "incidents" USING btree ("monitor_id") WHERE "incidents"."resolved_at" IS NULL;--> statement-breakpoint
CREATE INDEX "incidents_monitor_id_started_at_idx" ON "incidents" USING btree ("monitor_id","started_at" DESC NULLS LAST);--> statement-breakpoint
-- Hand-written: retention deletes by time. TimescaleDB's hypertable already has a time
-- index (and drops whole chunks); a plain table gets a BRIN index, which costs next to
-- nothing on insert because heartbeats arrive roughly in time order.
DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_indexes WHERE tablename = 'heartbeats' AND indexdef LIKE '%("time"%') THEN
		CREATE INDEX heartbeats_time_brin ON heartbeats USING brin ("time");
	END IF;
END
$$;
