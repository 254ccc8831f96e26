CREATE TABLE "degraded_periods" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"monitor_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "location_states" (
	"monitor_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"status" varchar(20) DEFAULT 'unknown' NOT NULL,
	"last_heartbeat_at" timestamp with time zone,
	"streak_kind" varchar(10),
	"streak_count" integer DEFAULT 0 NOT NULL,
	"streak_started_at" timestamp with time zone,
	"down_since" timestamp with time zone,
	"pace_kind" varchar(10),
	"pace_count" integer DEFAULT 0 NOT NULL,
	"pace_started_at" timestamp with time zone,
	"degraded_since" timestamp with time zone,
	"last_error" varchar(1000),
	CONSTRAINT "location_states_monitor_id_agent_id_pk" PRIMARY KEY("monitor_id","agent_id")
);
--> statement-breakpoint
CREATE TABLE "monitor_locations" (
	"monitor_id" uuid NOT NULL,
	"agent_id" uuid NOT NULL,
	"position" smallint NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "monitor_locations_monitor_id_agent_id_pk" PRIMARY KEY("monitor_id","agent_id"),
	CONSTRAINT "monitor_locations_position_range" CHECK ("monitor_locations"."position" BETWEEN 1 AND 999)
);
--> statement-breakpoint
ALTER TABLE "notification_events" DROP CONSTRAINT "notification_events_kind_check";--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "quorum_rule" varchar(10) DEFAULT 'any' NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "quorum_k" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "location_count" smallint DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "degraded_after_ms" integer;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "degraded_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "pace_kind" varchar(10);--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "pace_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "monitors" ADD COLUMN "pace_started_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "notification_channels" ADD COLUMN "degraded_events" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_channels" ADD COLUMN "partial_events" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "degraded_periods" ADD CONSTRAINT "degraded_periods_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "location_states" ADD CONSTRAINT "location_states_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "location_states" ADD CONSTRAINT "location_states_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_locations" ADD CONSTRAINT "monitor_locations_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_locations" ADD CONSTRAINT "monitor_locations_agent_id_agents_id_fk" FOREIGN KEY ("agent_id") REFERENCES "public"."agents"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "degraded_periods_one_open_per_monitor" ON "degraded_periods" USING btree ("monitor_id") WHERE "degraded_periods"."ended_at" IS NULL;--> statement-breakpoint
CREATE INDEX "degraded_periods_monitor_id_started_at_idx" ON "degraded_periods" USING btree ("monitor_id","started_at" DESC NULLS LAST);--> statement-breakpoint
CREATE UNIQUE INDEX "monitor_locations_position_key" ON "monitor_locations" USING btree ("monitor_id","position");--> statement-breakpoint
CREATE INDEX "monitor_locations_agent_id_idx" ON "monitor_locations" USING btree ("agent_id");--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_quorum_rule" CHECK ("monitors"."quorum_rule" IN ('any', 'k', 'all'));--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_quorum_k_range" CHECK ("monitors"."quorum_k" BETWEEN 1 AND 1000);--> statement-breakpoint
ALTER TABLE "monitors" ADD CONSTRAINT "monitors_degraded_after_ms_range" CHECK ("monitors"."degraded_after_ms" IS NULL OR "monitors"."degraded_after_ms" > 0);--> statement-breakpoint
ALTER TABLE "notification_events" ADD CONSTRAINT "notification_events_kind_check" CHECK ("notification_events"."kind" IN ('incident.opened', 'incident.acknowledged', 'incident.resolved', 'incident.reminder', 'monitor.flapping', 'monitor.degraded', 'monitor.recovered', 'monitor.partial', 'agent.offline', 'agent.online', 'certificate.expiring', 'domain.expiring', 'test', 'status.confirm', 'status.post', 'status.maintenance'));--> statement-breakpoint
-- monitors.location_count follows monitor_locations, however its rows are written.
CREATE FUNCTION watchpost_count_locations() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE monitors m SET location_count = 1 + (SELECT count(*) FROM monitor_locations l WHERE l.monitor_id = m.id)
  WHERE m.id IN (SELECT monitor_id FROM changed_locations);
  RETURN NULL;
END $$;--> statement-breakpoint
CREATE TRIGGER monitor_locations_counted_on_insert AFTER INSERT ON monitor_locations
  REFERENCING NEW TABLE AS changed_locations FOR EACH STATEMENT EXECUTE FUNCTION watchpost_count_locations();--> statement-breakpoint
CREATE TRIGGER monitor_locations_counted_on_delete AFTER DELETE ON monitor_locations
  REFERENCING OLD TABLE AS changed_locations FOR EACH STATEMENT EXECUTE FUNCTION watchpost_count_locations();--> statement-breakpoint
CREATE TRIGGER monitor_locations_counted_on_update AFTER UPDATE ON monitor_locations
  REFERENCING NEW TABLE AS changed_locations FOR EACH STATEMENT EXECUTE FUNCTION watchpost_count_locations();--> statement-breakpoint
-- Each location's state is rewritten by every batch of its agent: room on each page keeps those updates heap-only (like monitors).
ALTER TABLE "location_states" SET (fillfactor = 50);--> statement-breakpoint
-- What uptime counts (README "Uptime with several locations"), in one place for the rollups and
-- the raw reads: a monitor's heartbeats in [p_from, p_to), each with `counted`, the outcome it
-- counts as. With one location, every heartbeat counts as its own status. With several, a
-- heartbeat row carries its latency only (counted NULL), and each slot of the monitor's interval
-- (date_bin from 2000-01-01, cut at the range's ends) adds one check row (status NULL) at its
-- first heartbeat's time: down (its worst failing status) if the quorum says so in it (at least
-- k of its locations failed; for "all", every location that reported), else up.
-- Plain SQL and STABLE, so the planner inlines it: reads stay index range scans.
CREATE FUNCTION watchpost_checks(p_monitor uuid, p_from timestamptz, p_to timestamptz)
RETURNS TABLE ("time" timestamptz, status varchar, latency_ms integer, counted varchar)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT h.time, h.status, h.latency_ms, h.status
  FROM heartbeats h
  WHERE h.monitor_id = p_monitor AND h.time >= p_from AND h.time < p_to
    AND NOT EXISTS (SELECT 1 FROM monitor_locations l WHERE l.monitor_id = p_monitor)
  UNION ALL
  SELECT h.time, h.status, h.latency_ms, NULL
  FROM heartbeats h
  WHERE h.monitor_id = p_monitor AND h.time >= p_from AND h.time < p_to
    AND EXISTS (SELECT 1 FROM monitor_locations l WHERE l.monitor_id = p_monitor)
  UNION ALL
  SELECT s.first, NULL, NULL,
         CASE WHEN s.failing < (CASE m.quorum_rule WHEN 'k' THEN m.quorum_k WHEN 'all' THEN s.reporting ELSE 1 END) THEN 'up'
              WHEN s.any_down THEN 'down' WHEN s.any_timeout THEN 'timeout' ELSE 'error' END
  FROM monitors m
  CROSS JOIN LATERAL (
    SELECT min(h.time) AS first, count(DISTINCT h.agent_id) AS reporting,
           count(DISTINCT h.agent_id) FILTER (WHERE h.status <> 'up') AS failing,
           bool_or(h.status = 'down') AS any_down, bool_or(h.status = 'timeout') AS any_timeout
    FROM heartbeats h
    WHERE h.monitor_id = m.id AND h.time >= p_from AND h.time < p_to
    GROUP BY date_bin(make_interval(secs => coalesce(m.interval_seconds, 30)), h.time, TIMESTAMPTZ '2000-01-01 00:00:00+00')
  ) s
  WHERE m.id = p_monitor AND EXISTS (SELECT 1 FROM monitor_locations l WHERE l.monitor_id = p_monitor)
$$;
