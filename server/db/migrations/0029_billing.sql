CREATE TABLE "billing_adjustments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"bill_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"outlet_id" uuid,
	"kind" text NOT NULL,
	"percent_bp" integer,
	"amount_fen" bigint NOT NULL,
	"base_fen" bigint NOT NULL,
	"reason" text NOT NULL,
	"required_level" text NOT NULL,
	"status" text NOT NULL,
	"proposed_by_id" text NOT NULL,
	"proposed_by" text NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL,
	"decided_by_id" text,
	"decided_by" text,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_bill_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"bill_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"description" text NOT NULL,
	"part_id" uuid,
	"quantity" integer NOT NULL,
	"unit_price_fen" bigint NOT NULL,
	"amount_fen" bigint NOT NULL,
	"payer" text NOT NULL,
	"source" text NOT NULL,
	"adjustment_id" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_bills" (
	"id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"work_order_number" text NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"outlet_id" uuid,
	"technician_user_id" uuid,
	"status" text NOT NULL,
	"is_warranty" boolean NOT NULL,
	"schedule_id" uuid NOT NULL,
	"subtotal_fen" bigint NOT NULL,
	"discount_fen" bigint NOT NULL,
	"due_fen" bigint NOT NULL,
	"claim_fen" bigint NOT NULL,
	"paid_fen" bigint DEFAULT 0 NOT NULL,
	"refunded_fen" bigint DEFAULT 0 NOT NULL,
	"distance_km" double precision,
	"confirm_code" text,
	"confirmed_at" timestamp with time zone,
	"confirm_method" text,
	"confirmed_due_fen" bigint,
	"finalized_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_cash_handins" (
	"id" uuid PRIMARY KEY NOT NULL,
	"outlet_id" uuid,
	"technician_user_id" uuid NOT NULL,
	"business_date" date NOT NULL,
	"amount_fen" bigint NOT NULL,
	"note" text,
	"received_by_id" text NOT NULL,
	"received_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_fee_schedules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"effective_from" date NOT NULL,
	"labour" jsonb NOT NULL,
	"visit" jsonb NOT NULL,
	"consumables_at_cost" boolean DEFAULT false NOT NULL,
	"note" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_invoices" (
	"id" uuid PRIMARY KEY NOT NULL,
	"bill_id" uuid NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"tax_id" text,
	"address" text,
	"phone" text,
	"bank_name" text,
	"bank_account" text,
	"email" text,
	"amount_fen" bigint NOT NULL,
	"status" text NOT NULL,
	"number" text,
	"issued_on" date,
	"provider_ref" text,
	"requested_by_id" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"bill_id" uuid NOT NULL,
	"outlet_id" uuid,
	"kind" text NOT NULL,
	"method" text NOT NULL,
	"amount_fen" bigint NOT NULL,
	"reference" text,
	"status" text NOT NULL,
	"provider_ref" text,
	"pay_url" text,
	"collector_user_id" uuid NOT NULL,
	"collector_name" text NOT NULL,
	"reason" text,
	"refund_of_id" uuid,
	"paid_at" timestamp with time zone,
	"business_date" date,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_piece_rates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"effective_from" date NOT NULL,
	"rates" jsonb NOT NULL,
	"extras" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_settlement_orders" (
	"work_order_id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"work_type" text NOT NULL,
	"category_id" uuid,
	"priority" text NOT NULL,
	"outlet_id" uuid,
	"technician_id" uuid,
	"technician_user_id" uuid,
	"distance_km" double precision,
	"finished_at" timestamp with time zone NOT NULL,
	"period" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "billing_statement_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"statement_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"kind" text NOT NULL,
	"deduction_type" text,
	"work_order_id" uuid,
	"work_order_number" text,
	"work_type" text,
	"description" text NOT NULL,
	"rate_fen" bigint NOT NULL,
	"extras_fen" bigint NOT NULL,
	"extra_kinds" jsonb NOT NULL,
	"amount_fen" bigint NOT NULL,
	"source_key" text,
	"state" text NOT NULL,
	"dispute_reason" text
);
--> statement-breakpoint
CREATE TABLE "billing_statements" (
	"id" uuid PRIMARY KEY NOT NULL,
	"period" text NOT NULL,
	"party_type" text NOT NULL,
	"party_id" uuid NOT NULL,
	"party_name" text NOT NULL,
	"party_user_id" uuid,
	"status" text NOT NULL,
	"rate_id" uuid,
	"order_count" integer NOT NULL,
	"orders_fen" bigint NOT NULL,
	"extras_fen" bigint NOT NULL,
	"deductions_fen" bigint NOT NULL,
	"total_fen" bigint NOT NULL,
	"approved_at" timestamp with time zone,
	"approved_by_id" text,
	"approved_by" text,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "billing_adjustments" ADD CONSTRAINT "billing_adjustments_bill_id_billing_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."billing_bills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_bill_lines" ADD CONSTRAINT "billing_bill_lines_bill_id_billing_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."billing_bills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_bills" ADD CONSTRAINT "billing_bills_schedule_id_billing_fee_schedules_id_fk" FOREIGN KEY ("schedule_id") REFERENCES "public"."billing_fee_schedules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_invoices" ADD CONSTRAINT "billing_invoices_bill_id_billing_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."billing_bills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_payments" ADD CONSTRAINT "billing_payments_bill_id_billing_bills_id_fk" FOREIGN KEY ("bill_id") REFERENCES "public"."billing_bills"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_statement_lines" ADD CONSTRAINT "billing_statement_lines_statement_id_billing_statements_id_fk" FOREIGN KEY ("statement_id") REFERENCES "public"."billing_statements"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_statements" ADD CONSTRAINT "billing_statements_rate_id_billing_piece_rates_id_fk" FOREIGN KEY ("rate_id") REFERENCES "public"."billing_piece_rates"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "billing_adjustments_pending_idx" ON "billing_adjustments" USING btree ("status","proposed_at");--> statement-breakpoint
CREATE INDEX "billing_adjustments_ticket_idx" ON "billing_adjustments" USING btree ("ticket_id","status");--> statement-breakpoint
CREATE INDEX "billing_adjustments_bill_idx" ON "billing_adjustments" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "billing_bill_lines_bill_idx" ON "billing_bill_lines" USING btree ("bill_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_bills_work_order_idx" ON "billing_bills" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "billing_bills_ticket_idx" ON "billing_bills" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "billing_bills_outstanding_idx" ON "billing_bills" USING btree ("customer_id") WHERE status = 'final' and due_fen > paid_fen - refunded_fen;--> statement-breakpoint
CREATE INDEX "billing_cash_handins_day_idx" ON "billing_cash_handins" USING btree ("business_date","technician_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_fee_schedules_from_idx" ON "billing_fee_schedules" USING btree ("effective_from");--> statement-breakpoint
CREATE INDEX "billing_invoices_bill_idx" ON "billing_invoices" USING btree ("bill_id");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_invoices_number_idx" ON "billing_invoices" USING btree ("number");--> statement-breakpoint
CREATE INDEX "billing_payments_bill_idx" ON "billing_payments" USING btree ("bill_id");--> statement-breakpoint
CREATE INDEX "billing_payments_cash_idx" ON "billing_payments" USING btree ("business_date","collector_user_id") WHERE method = 'cash';--> statement-breakpoint
CREATE UNIQUE INDEX "billing_payments_provider_ref_idx" ON "billing_payments" USING btree ("provider_ref");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_piece_rates_from_idx" ON "billing_piece_rates" USING btree ("effective_from");--> statement-breakpoint
CREATE INDEX "billing_settlement_orders_period_idx" ON "billing_settlement_orders" USING btree ("period");--> statement-breakpoint
CREATE INDEX "billing_statement_lines_statement_idx" ON "billing_statement_lines" USING btree ("statement_id","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "billing_statements_party_idx" ON "billing_statements" USING btree ("period","party_type","party_id");