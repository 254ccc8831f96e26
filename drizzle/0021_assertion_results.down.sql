-- Undo drizzle/0021_assertion_results.sql: `make migrate-down` runs this file to roll that migration back.
DROP TABLE "monitor_assertion_results";
