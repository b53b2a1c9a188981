CREATE TABLE "calendar_days" (
	"date" date PRIMARY KEY NOT NULL,
	"kind" text NOT NULL,
	"name" text,
	"source" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "calendar_years" (
	"year" integer PRIMARY KEY NOT NULL,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sla_policies" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"ticket_type" text,
	"urgency" text,
	"customer_class" text,
	"priority" integer DEFAULT 0 NOT NULL,
	"response_minutes" integer NOT NULL,
	"response_hours" jsonb NOT NULL,
	"onsite_working_days" integer,
	"resolution_working_days" integer,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ticket_clocks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"policy_id" uuid,
	"started_at" timestamp with time zone NOT NULL,
	"target_minutes" integer NOT NULL,
	"hours" jsonb NOT NULL,
	"working_days_only" boolean NOT NULL,
	"pauses" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"stopped_at" timestamp with time zone,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"is_at_risk" boolean DEFAULT false NOT NULL,
	"at_risk_notified_at" timestamp with time zone,
	"breach_escalated_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "ticket_clocks_ticket_idx" ON "ticket_clocks" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "ticket_clocks_open_idx" ON "ticket_clocks" USING btree ("status","due_at");