CREATE TABLE "complaint_compensations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"complaint_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" integer NOT NULL,
	"description" text NOT NULL,
	"status" text NOT NULL,
	"proposed_by_id" uuid NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"decided_by_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaint_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"complaint_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"note" text,
	"data" jsonb,
	"actor_id" uuid,
	"actor_name" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "complaints" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"channel" text NOT NULL,
	"source_department" text,
	"follow_up_id" uuid,
	"type" text NOT NULL,
	"severity" text NOT NULL,
	"status" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"contact_phone" text,
	"account" text NOT NULL,
	"ticket_id" uuid,
	"work_order_id" uuid,
	"technician_id" uuid,
	"outlet_id" uuid,
	"ratings" jsonb,
	"categories" jsonb,
	"handler_user_id" uuid,
	"accepted_at" timestamp with time zone NOT NULL,
	"response_due_at" timestamp with time zone NOT NULL,
	"responded_at" timestamp with time zone,
	"responsible_party" text,
	"responsible_technician_id" uuid,
	"responsible_outlet_id" uuid,
	"responsible_user_id" uuid,
	"findings" text,
	"analysed_by_id" uuid,
	"analysed_at" timestamp with time zone,
	"plan" text,
	"plan_agreed_at" timestamp with time zone,
	"resolution_due_date" date,
	"resolution_due_at" timestamp with time zone,
	"resolved_at" timestamp with time zone,
	"resolution_note" text,
	"last_verification_outcome" text,
	"verified_by_id" uuid,
	"verified_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	"reopen_count" integer DEFAULT 0 NOT NULL,
	"escalated_at" timestamp with time zone,
	"escalation_reason" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "complaint_compensations" ADD CONSTRAINT "complaint_compensations_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "complaint_events" ADD CONSTRAINT "complaint_events_complaint_id_complaints_id_fk" FOREIGN KEY ("complaint_id") REFERENCES "public"."complaints"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "complaint_compensations_complaint_idx" ON "complaint_compensations" USING btree ("complaint_id");--> statement-breakpoint
CREATE INDEX "complaint_events_complaint_idx" ON "complaint_events" USING btree ("complaint_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_number_idx" ON "complaints" USING btree ("number");--> statement-breakpoint
CREATE UNIQUE INDEX "complaints_follow_up_idx" ON "complaints" USING btree ("follow_up_id");--> statement-breakpoint
CREATE INDEX "complaints_status_idx" ON "complaints" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "complaints_customer_idx" ON "complaints" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "complaints_outlet_idx" ON "complaints" USING btree ("outlet_id","created_at");--> statement-breakpoint
CREATE INDEX "complaints_responsible_idx" ON "complaints" USING btree ("responsible_user_id","type");