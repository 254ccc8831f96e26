CREATE TABLE "status_page_post_components" (
	"post_id" uuid NOT NULL,
	"component_id" uuid NOT NULL,
	CONSTRAINT "status_page_post_components_post_id_component_id_pk" PRIMARY KEY("post_id","component_id")
);
--> statement-breakpoint
CREATE TABLE "status_page_post_updates" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"post_id" uuid NOT NULL,
	"state" varchar(20) NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "status_page_post_updates_state_check" CHECK ("status_page_post_updates"."state" IN ('investigating', 'identified', 'monitoring', 'resolved'))
);
--> statement-breakpoint
CREATE TABLE "status_page_posts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"page_id" uuid NOT NULL,
	"title" varchar(200) NOT NULL,
	"impact" varchar(20) DEFAULT 'minor' NOT NULL,
	"incident_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	CONSTRAINT "status_page_posts_impact_check" CHECK ("status_page_posts"."impact" IN ('none', 'minor', 'major', 'critical'))
);
--> statement-breakpoint
ALTER TABLE "status_page_post_components" ADD CONSTRAINT "status_page_post_components_post_id_status_page_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."status_page_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_page_post_components" ADD CONSTRAINT "status_page_post_components_component_id_status_page_components_id_fk" FOREIGN KEY ("component_id") REFERENCES "public"."status_page_components"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_page_post_updates" ADD CONSTRAINT "status_page_post_updates_post_id_status_page_posts_id_fk" FOREIGN KEY ("post_id") REFERENCES "public"."status_page_posts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "status_page_posts" ADD CONSTRAINT "status_page_posts_page_id_status_pages_id_fk" FOREIGN KEY ("page_id") REFERENCES "public"."status_pages"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "status_page_post_updates_post_idx" ON "status_page_post_updates" USING btree ("post_id","created_at");--> statement-breakpoint
CREATE INDEX "status_page_posts_page_idx" ON "status_page_posts" USING btree ("page_id","created_at");