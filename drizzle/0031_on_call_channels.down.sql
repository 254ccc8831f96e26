-- Undo drizzle/0031_on_call_channels.sql: `make migrate-down` runs this file to roll that migration back.
-- Channels of the kinds it added cannot stay: they go (with their deliveries).
DELETE FROM "notification_channels" WHERE "kind" NOT IN ('email', 'webhook', 'slack', 'discord', 'telegram', 'ntfy');--> statement-breakpoint
ALTER TABLE "notification_channels" DROP CONSTRAINT "notification_channels_kind_check";--> statement-breakpoint
ALTER TABLE "notification_channels" ADD CONSTRAINT "notification_channels_kind_check" CHECK ("notification_channels"."kind" IN ('email', 'webhook', 'slack', 'discord', 'telegram', 'ntfy'));
