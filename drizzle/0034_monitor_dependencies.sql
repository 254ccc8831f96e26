CREATE TABLE "monitor_dependencies" (
	"monitor_id" uuid NOT NULL,
	"depends_on_id" uuid NOT NULL,
	CONSTRAINT "monitor_dependencies_monitor_id_depends_on_id_pk" PRIMARY KEY("monitor_id","depends_on_id"),
	CONSTRAINT "monitor_dependencies_not_itself" CHECK ("monitor_dependencies"."monitor_id" <> "monitor_dependencies"."depends_on_id")
);
--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "held_by_dependency" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "incidents" ADD COLUMN "caused_by_incident_id" uuid;--> statement-breakpoint
ALTER TABLE "monitor_dependencies" ADD CONSTRAINT "monitor_dependencies_monitor_id_monitors_id_fk" FOREIGN KEY ("monitor_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "monitor_dependencies" ADD CONSTRAINT "monitor_dependencies_depends_on_id_fk" FOREIGN KEY ("depends_on_id") REFERENCES "public"."monitors"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "monitor_dependencies_depends_on_id_idx" ON "monitor_dependencies" USING btree ("depends_on_id");--> statement-breakpoint
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_caused_by_incident_id_fk" FOREIGN KEY ("caused_by_incident_id") REFERENCES "public"."incidents"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "incidents_caused_by_incident_id_idx" ON "incidents" USING btree ("caused_by_incident_id") WHERE "incidents"."caused_by_incident_id" IS NOT NULL;