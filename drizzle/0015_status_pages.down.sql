-- Undo drizzle/0015_status_pages.sql: `make migrate-down` runs this file to roll that migration back.
DROP TABLE "status_page_component_monitors";--> statement-breakpoint
DROP TABLE "status_page_components";--> statement-breakpoint
DROP TABLE "status_pages";
