CREATE TABLE "claim_batches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"brand" text NOT NULL,
	"month" text NOT NULL,
	"status" text NOT NULL,
	"claimed_fen" integer DEFAULT 0 NOT NULL,
	"accepted_fen" integer DEFAULT 0 NOT NULL,
	"paid_fen" integer DEFAULT 0 NOT NULL,
	"submitted_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "claim_batches_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "claim_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"work_order_number" text NOT NULL,
	"ticket_id" uuid NOT NULL,
	"asset_id" uuid,
	"model_id" uuid,
	"serial_number" text,
	"brand" text NOT NULL,
	"work_type" text NOT NULL,
	"outlet_id" uuid,
	"finished_at" timestamp with time zone NOT NULL,
	"month" text NOT NULL,
	"window_end_date" date NOT NULL,
	"labour_fen" integer NOT NULL,
	"parts_fen" integer NOT NULL,
	"travel_fen" integer NOT NULL,
	"total_fen" integer NOT NULL,
	"parts" jsonb NOT NULL,
	"evidence" jsonb NOT NULL,
	"required_evidence" jsonb NOT NULL,
	"status" text NOT NULL,
	"batch_id" uuid,
	"accepted_fen" integer,
	"reject_reason" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "claim_lines_work_order_id_unique" UNIQUE("work_order_id")
);
--> statement-breakpoint
CREATE TABLE "claim_rules" (
	"id" uuid PRIMARY KEY NOT NULL,
	"brand" text NOT NULL,
	"labour_fen_by_work_type" jsonb NOT NULL,
	"parts_mode" text NOT NULL,
	"parts_fixed_fen" integer NOT NULL,
	"travel_fen" integer NOT NULL,
	"window_days" integer NOT NULL,
	"required_evidence" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "claim_rules_brand_unique" UNIQUE("brand")
);
--> statement-breakpoint
CREATE TABLE "loaner_loans" (
	"id" uuid PRIMARY KEY NOT NULL,
	"loaner_id" uuid NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"lent_at" timestamp with time zone NOT NULL,
	"expected_return_date" date NOT NULL,
	"deposit_fen" integer NOT NULL,
	"returned_at" timestamp with time zone,
	"return_condition" text,
	"deposit_refund_fen" integer,
	"note" text,
	"lent_by_id" uuid,
	"returned_by_id" uuid
);
--> statement-breakpoint
CREATE TABLE "loaner_units" (
	"id" uuid PRIMARY KEY NOT NULL,
	"outlet_id" uuid NOT NULL,
	"model_name" text NOT NULL,
	"serial_number" text NOT NULL,
	"condition" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "loaner_units_serial_number_unique" UNIQUE("serial_number")
);
--> statement-breakpoint
CREATE TABLE "return_orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"number" text NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"ticket_id" uuid,
	"customer_id" uuid NOT NULL,
	"outlet_id" uuid,
	"asset_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"serial_number" text NOT NULL,
	"new_model_id" uuid,
	"purchase_date" date,
	"purchase_price_fen" integer NOT NULL,
	"depreciation_fen" integer NOT NULL,
	"refund_fen" integer NOT NULL,
	"new_model_price_fen" integer,
	"price_difference_fen" integer NOT NULL,
	"approval_amount_fen" integer NOT NULL,
	"sanbao_remedy" text,
	"reason" text NOT NULL,
	"decision_note" text,
	"decided_by_id" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"inspection" jsonb,
	"returned_unit_id" uuid,
	"issued_unit_id" uuid,
	"new_asset_id" uuid,
	"completed_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "return_orders_number_unique" UNIQUE("number")
);
--> statement-breakpoint
CREATE TABLE "stock_units" (
	"id" uuid PRIMARY KEY NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	"serial_number" text NOT NULL,
	"grade" text NOT NULL,
	"status" text NOT NULL,
	"return_id" uuid,
	"shipment_note" text,
	"note" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "claim_lines" ADD CONSTRAINT "claim_lines_batch_id_claim_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."claim_batches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loaner_loans" ADD CONSTRAINT "loaner_loans_loaner_id_loaner_units_id_fk" FOREIGN KEY ("loaner_id") REFERENCES "public"."loaner_units"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "loaner_units" ADD CONSTRAINT "loaner_units_outlet_id_outlets_id_fk" FOREIGN KEY ("outlet_id") REFERENCES "public"."outlets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_orders" ADD CONSTRAINT "return_orders_model_id_product_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."product_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "return_orders" ADD CONSTRAINT "return_orders_new_model_id_product_models_id_fk" FOREIGN KEY ("new_model_id") REFERENCES "public"."product_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_units" ADD CONSTRAINT "stock_units_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_units" ADD CONSTRAINT "stock_units_model_id_product_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."product_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_units" ADD CONSTRAINT "stock_units_return_id_return_orders_id_fk" FOREIGN KEY ("return_id") REFERENCES "public"."return_orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "claim_batches_brand_month_idx" ON "claim_batches" USING btree ("brand","month");--> statement-breakpoint
CREATE INDEX "claim_lines_brand_month_idx" ON "claim_lines" USING btree ("brand","month","status");--> statement-breakpoint
CREATE INDEX "claim_lines_batch_idx" ON "claim_lines" USING btree ("batch_id");--> statement-breakpoint
CREATE UNIQUE INDEX "loaner_loans_open_unique" ON "loaner_loans" USING btree ("loaner_id") WHERE "loaner_loans"."returned_at" is null;--> statement-breakpoint
CREATE INDEX "loaner_loans_ticket_idx" ON "loaner_loans" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "loaner_loans_customer_idx" ON "loaner_loans" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "loaner_units_outlet_idx" ON "loaner_units" USING btree ("outlet_id","status");--> statement-breakpoint
CREATE INDEX "return_orders_status_idx" ON "return_orders" USING btree ("status","created_at");--> statement-breakpoint
CREATE INDEX "return_orders_ticket_idx" ON "return_orders" USING btree ("ticket_id");--> statement-breakpoint
CREATE INDEX "return_orders_asset_idx" ON "return_orders" USING btree ("asset_id");--> statement-breakpoint
CREATE UNIQUE INDEX "stock_units_model_serial" ON "stock_units" USING btree ("model_id","serial_number") WHERE "stock_units"."status" = 'in_stock';--> statement-breakpoint
CREATE INDEX "stock_units_pick_idx" ON "stock_units" USING btree ("model_id","grade","status");