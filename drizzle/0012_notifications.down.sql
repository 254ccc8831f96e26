-- Undo drizzle/0012_notifications.sql: `make migrate-down` runs this file to roll that migration back.
DROP TABLE "notification_attempts";--> statement-breakpoint
DROP TABLE "notification_deliveries";--> statement-breakpoint
DROP TABLE "notification_events";--> statement-breakpoint
DROP TABLE "notification_channel_monitors";--> statement-breakpoint
DROP TABLE "notification_channels";
