-- Dropping a hypertable drops its chunks too. The timescaledb extension is left installed:
-- other databases objects may use it, and removing it needs a superuser.
DROP TABLE "heartbeats";
