CREATE TABLE "heartbeats" (
	"time" timestamp with time zone NOT NULL,
	"monitor_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"status" varchar(20) NOT NULL,
	"latency_ms" integer,
	"error_message" text,
	CONSTRAINT "heartbeats_monitor_id_time_key" UNIQUE("monitor_id","time")
);
--> statement-breakpoint
ALTER TABLE "heartbeats" ADD CONSTRAINT "heartbeats_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Hand-written: make heartbeats a TimescaleDB hypertable when the extension can be had,
-- and leave it a plain table (same columns, same unique key) when it cannot.
DO $$
BEGIN
	IF NOT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
		BEGIN
			CREATE EXTENSION IF NOT EXISTS timescaledb;
		EXCEPTION WHEN OTHERS THEN
			RAISE NOTICE 'TimescaleDB is not available (%); heartbeats stays a plain PostgreSQL table', SQLERRM;
		END;
	END IF;
	IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'timescaledb') THEN
		PERFORM create_hypertable('heartbeats', 'time', chunk_time_interval => INTERVAL '1 day', migrate_data => true);
	END IF;
END
$$;
