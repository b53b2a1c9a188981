CREATE TABLE "day_plan_routes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"plan_id" uuid NOT NULL,
	"technician_id" uuid NOT NULL,
	"vehicle_id" uuid,
	"stops" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"travel_minutes" integer DEFAULT 0 NOT NULL,
	"distance_km" double precision DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "day_plans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"outlet_id" uuid NOT NULL,
	"plan_date" date NOT NULL,
	"status" text NOT NULL,
	"unplaced" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"total_travel_minutes" integer DEFAULT 0 NOT NULL,
	"total_distance_km" double precision DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"published_at" timestamp with time zone,
	"published_by" text
);
--> statement-breakpoint
CREATE TABLE "technician_absences" (
	"id" uuid PRIMARY KEY NOT NULL,
	"technician_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"note" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "technician_certifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"technician_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"number" text,
	"issued_on" date,
	"expires_on" date NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "technicians" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"outlet_id" uuid NOT NULL,
	"name" text NOT NULL,
	"phone" text,
	"grade" text NOT NULL,
	"skills" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"working_days" integer[] DEFAULT '{1,2,3,4,5,6}'::int[] NOT NULL,
	"work_start_minute" integer DEFAULT 480 NOT NULL,
	"work_end_minute" integer DEFAULT 1080 NOT NULL,
	"max_orders_per_day" integer DEFAULT 8 NOT NULL,
	"base_latitude" double precision,
	"base_longitude" double precision,
	"base_address" text,
	"vehicle_id" uuid,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "technicians_user_id_unique" UNIQUE("user_id")
);
--> statement-breakpoint
CREATE TABLE "vehicles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"outlet_id" uuid NOT NULL,
	"plate" text NOT NULL,
	"name" text,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "vehicles_plate_unique" UNIQUE("plate")
);
--> statement-breakpoint
CREATE TABLE "work_order_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"actor_id" text,
	"actor_name" text,
	"from_status" text,
	"to_status" text,
	"text" text,
	"data" jsonb,
	"client_step_id" text
);
--> statement-breakpoint
CREATE TABLE "work_order_photos" (
	"id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"storage_key" text NOT NULL,
	"content_type" text NOT NULL,
	"size_bytes" integer NOT NULL,
	"caption" text,
	"client_step_id" text,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "work_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"asset_id" uuid,
	"category_id" uuid,
	"type" text NOT NULL,
	"status" text NOT NULL,
	"priority" text NOT NULL,
	"required_grade" text NOT NULL,
	"estimated_minutes" integer NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_end" timestamp with time zone NOT NULL,
	"service_date" date NOT NULL,
	"address" text NOT NULL,
	"district_code" text,
	"latitude" double precision,
	"longitude" double precision,
	"contact_name" text,
	"contact_phone" text,
	"materials" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"note" text,
	"outlet_id" uuid,
	"technician_id" uuid,
	"assigned_user_id" uuid,
	"dispatch_mode" text,
	"explanation" jsonb,
	"dispatched_at" timestamp with time zone,
	"accepted_at" timestamp with time zone,
	"on_the_way_at" timestamp with time zone,
	"arrived_at" timestamp with time zone,
	"arrived_latitude" double precision,
	"arrived_longitude" double precision,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"verified_at" timestamp with time zone,
	"not_completed_reason" text,
	"not_completed_note" text,
	"decline_reason" text,
	"result" jsonb,
	"signature_key" text,
	"signed_at" timestamp with time zone,
	"feedback_overdue_at" timestamp with time zone,
	"plan_id" uuid,
	"route_seq" integer,
	"planned_start" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "work_orders_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "workshop_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"receipt_number" text NOT NULL,
	"work_order_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"asset_id" uuid,
	"direction" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"unit_description" text NOT NULL,
	"condition" text,
	"note" text,
	"actor_name" text,
	"outlet_id" uuid
);
--> statement-breakpoint
ALTER TABLE "outlets" ADD COLUMN "district_code" text;--> statement-breakpoint
ALTER TABLE "outlets" ADD COLUMN "latitude" double precision;--> statement-breakpoint
ALTER TABLE "outlets" ADD COLUMN "longitude" double precision;--> statement-breakpoint
ALTER TABLE "outlets" ADD COLUMN "service_districts" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "outlets" ADD COLUMN "service_radius_km" double precision;--> statement-breakpoint
ALTER TABLE "outlets" ADD COLUMN "daily_capacity" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "outlets" ADD COLUMN "work_start_minute" integer DEFAULT 480 NOT NULL;--> statement-breakpoint
ALTER TABLE "outlets" ADD COLUMN "work_end_minute" integer DEFAULT 1080 NOT NULL;--> statement-breakpoint
ALTER TABLE "outlets" ADD COLUMN "contacts" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
CREATE INDEX "day_plan_routes_plan_idx" ON "day_plan_routes" USING btree ("plan_id");--> statement-breakpoint
CREATE UNIQUE INDEX "day_plans_outlet_date_idx" ON "day_plans" USING btree ("outlet_id","plan_date");--> statement-breakpoint
CREATE INDEX "technician_absences_technician_idx" ON "technician_absences" USING btree ("technician_id","starts_at");--> statement-breakpoint
CREATE INDEX "technician_certifications_technician_idx" ON "technician_certifications" USING btree ("technician_id");--> statement-breakpoint
CREATE INDEX "technicians_outlet_idx" ON "technicians" USING btree ("outlet_id");--> statement-breakpoint
CREATE INDEX "work_order_events_order_idx" ON "work_order_events" USING btree ("work_order_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_events_step_idx" ON "work_order_events" USING btree ("work_order_id","client_step_id");--> statement-breakpoint
CREATE INDEX "work_order_photos_order_idx" ON "work_order_photos" USING btree ("work_order_id");--> statement-breakpoint
CREATE UNIQUE INDEX "work_order_photos_step_idx" ON "work_order_photos" USING btree ("work_order_id","client_step_id");--> statement-breakpoint
CREATE INDEX "work_orders_ticket_idx" ON "work_orders" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "work_orders_status_idx" ON "work_orders" USING btree ("status","priority","window_start");--> statement-breakpoint
CREATE INDEX "work_orders_outlet_date_idx" ON "work_orders" USING btree ("outlet_id","service_date");--> statement-breakpoint
CREATE INDEX "work_orders_technician_date_idx" ON "work_orders" USING btree ("technician_id","service_date");--> statement-breakpoint
CREATE INDEX "work_orders_assigned_idx" ON "work_orders" USING btree ("assigned_user_id");--> statement-breakpoint
CREATE INDEX "workshop_log_order_idx" ON "workshop_log" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "workshop_log_at_idx" ON "workshop_log" USING btree ("at");