-- Undo drizzle/0016_status_page_posts.sql: `make migrate-down` runs this file to roll that migration back.
DROP TABLE "status_page_post_updates";--> statement-breakpoint
DROP TABLE "status_page_post_components";--> statement-breakpoint
DROP TABLE "status_page_posts";
