ALTER TABLE "agents" ADD COLUMN "version" varchar(40);--> statement-breakpoint
-- Ingest rewrites each monitor's status-machine columns on every batch. With room left on
-- each page, those updates stay heap-only (HOT: no new index entries, a smaller WAL record);
-- none of the columns it writes is indexed. Existing pages make room as they are pruned.
ALTER TABLE "monitors" SET (fillfactor = 50);
