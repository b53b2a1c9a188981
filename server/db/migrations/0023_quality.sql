CREATE TABLE "quality_checklists" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"work_type" text NOT NULL,
	"category_id" uuid,
	"items" jsonb NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_incomplete_visits" (
	"work_order_id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"reason" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_inspections" (
	"id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"result" text NOT NULL,
	"reason" text,
	"technician_id" uuid,
	"outlet_id" uuid,
	"inspector_user_id" text,
	"inspector_name" text,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_ledger_entries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"source_key" text NOT NULL,
	"source_type" text NOT NULL,
	"source_id" text,
	"rule_id" uuid NOT NULL,
	"rule_code" text NOT NULL,
	"kind" text NOT NULL,
	"user_id" uuid NOT NULL,
	"technician_id" uuid,
	"outlet_id" uuid,
	"base_amount_fen" integer NOT NULL,
	"multiplier" integer DEFAULT 1 NOT NULL,
	"amount_fen" integer NOT NULL,
	"points" integer NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"proposed_by_id" text,
	"proposed_by" text,
	"proposed_at" timestamp with time zone NOT NULL,
	"decided_by_id" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"appeal_text" text,
	"appealed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_repeat_links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"ticket_id" uuid NOT NULL,
	"ticket_number" text NOT NULL,
	"ticket_created_at" timestamp with time zone NOT NULL,
	"asset_id" uuid NOT NULL,
	"fault_code" text NOT NULL,
	"earlier_fault_code" text NOT NULL,
	"matched_by" text NOT NULL,
	"earlier_work_order_id" uuid NOT NULL,
	"earlier_ticket_id" uuid NOT NULL,
	"earlier_finished_at" timestamp with time zone NOT NULL,
	"technician_id" uuid,
	"outlet_id" uuid,
	"summary" text NOT NULL,
	"detected_at" timestamp with time zone NOT NULL,
	"cleared_at" timestamp with time zone,
	"cleared_by" text,
	"clear_reason" text
);
--> statement-breakpoint
CREATE TABLE "quality_rework" (
	"id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"inspection_id" uuid NOT NULL,
	"reason" text NOT NULL,
	"technician_id" uuid,
	"outlet_id" uuid,
	"is_order_reopened" boolean NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quality_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"amount_fen" integer DEFAULT 0 NOT NULL,
	"points" integer DEFAULT 0 NOT NULL,
	"trigger" text NOT NULL,
	"repeat_window_days" integer DEFAULT 90 NOT NULL,
	"repeat_multiplier" integer DEFAULT 2 NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "quality_rules_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "quality_self_checks" (
	"work_order_id" uuid PRIMARY KEY NOT NULL,
	"checklist_id" uuid NOT NULL,
	"checklist_version" integer NOT NULL,
	"answers" jsonb NOT NULL,
	"is_passed" boolean NOT NULL,
	"failed_items" jsonb NOT NULL,
	"technician_user_id" uuid NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"stale_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "quality_visits" (
	"work_order_id" uuid PRIMARY KEY NOT NULL,
	"work_order_number" text NOT NULL,
	"ticket_id" uuid NOT NULL,
	"asset_id" uuid,
	"type" text NOT NULL,
	"fault_code" text,
	"work_done" text,
	"technician_id" uuid,
	"technician_user_id" uuid,
	"outlet_id" uuid,
	"finished_at" timestamp with time zone NOT NULL,
	"is_first_visit" boolean NOT NULL,
	"is_workshop" boolean DEFAULT false NOT NULL,
	"inspection" text NOT NULL,
	"rework_count" integer DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "quality_checklists_type_idx" ON "quality_checklists" USING btree ("work_type","category_id");--> statement-breakpoint
CREATE INDEX "quality_incomplete_visits_ticket_idx" ON "quality_incomplete_visits" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "quality_inspections_order_idx" ON "quality_inspections" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "quality_inspections_at_idx" ON "quality_inspections" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "quality_ledger_source_idx" ON "quality_ledger_entries" USING btree ("source_key");--> statement-breakpoint
CREATE INDEX "quality_ledger_user_idx" ON "quality_ledger_entries" USING btree ("user_id","proposed_at");--> statement-breakpoint
CREATE INDEX "quality_ledger_outlet_idx" ON "quality_ledger_entries" USING btree ("outlet_id","proposed_at");--> statement-breakpoint
CREATE INDEX "quality_ledger_status_idx" ON "quality_ledger_entries" USING btree ("status","proposed_at");--> statement-breakpoint
CREATE UNIQUE INDEX "quality_repeat_links_ticket_idx" ON "quality_repeat_links" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "quality_repeat_links_earlier_idx" ON "quality_repeat_links" USING btree ("earlier_work_order_id");--> statement-breakpoint
CREATE INDEX "quality_repeat_links_technician_idx" ON "quality_repeat_links" USING btree ("technician_id","earlier_finished_at");--> statement-breakpoint
CREATE INDEX "quality_rework_order_idx" ON "quality_rework" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "quality_rework_at_idx" ON "quality_rework" USING btree ("at");--> statement-breakpoint
CREATE INDEX "quality_visits_asset_idx" ON "quality_visits" USING btree ("asset_id","finished_at");--> statement-breakpoint
CREATE INDEX "quality_visits_technician_idx" ON "quality_visits" USING btree ("technician_id","finished_at");--> statement-breakpoint
CREATE INDEX "quality_visits_outlet_idx" ON "quality_visits" USING btree ("outlet_id","finished_at");--> statement-breakpoint
CREATE INDEX "quality_visits_pending_idx" ON "quality_visits" USING btree ("finished_at") WHERE inspection = 'pending';