CREATE TABLE "old_parts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"part_id" uuid NOT NULL,
	"serial" text,
	"asset_id" uuid,
	"work_order_id" uuid,
	"technician_id" uuid NOT NULL,
	"outlet_id" uuid,
	"owner_user_id" uuid,
	"warehouse_id" uuid,
	"status" text NOT NULL,
	"reference" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "part_model_fits" (
	"part_id" uuid NOT NULL,
	"model_id" uuid NOT NULL,
	CONSTRAINT "part_model_fits_part_id_model_id_pk" PRIMARY KEY("part_id","model_id")
);
--> statement-breakpoint
CREATE TABLE "parts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"part_number" text NOT NULL,
	"name" text NOT NULL,
	"kind" text NOT NULL,
	"unit" text NOT NULL,
	"is_serial_tracked" boolean DEFAULT false NOT NULL,
	"must_return_old_part" boolean DEFAULT false NOT NULL,
	"cost_fen" bigint NOT NULL,
	"sale_price_fen" bigint NOT NULL,
	"is_active" boolean DEFAULT true NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "parts_part_number_unique" UNIQUE("part_number"),
	CONSTRAINT "parts_prices_not_negative" CHECK ("parts"."cost_fen" >= 0 and "parts"."sale_price_fen" >= 0)
);
--> statement-breakpoint
CREATE TABLE "part_reorder_points" (
	"warehouse_id" uuid NOT NULL,
	"part_id" uuid NOT NULL,
	"reorder_point" numeric(14, 3) NOT NULL,
	"reorder_quantity" numeric(14, 3) NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "part_reorder_points_warehouse_id_part_id_pk" PRIMARY KEY("warehouse_id","part_id")
);
--> statement-breakpoint
CREATE TABLE "part_requisitions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid,
	"technician_id" uuid NOT NULL,
	"technician_warehouse_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"outlet_id" uuid,
	"owner_user_id" uuid,
	"status" text NOT NULL,
	"is_reserved" boolean DEFAULT false NOT NULL,
	"lines" jsonb NOT NULL,
	"note" text,
	"created_by_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "part_serial_units" (
	"id" uuid PRIMARY KEY NOT NULL,
	"part_id" uuid NOT NULL,
	"serial" text NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"condition" text NOT NULL,
	"status" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stock_balances" (
	"warehouse_id" uuid NOT NULL,
	"part_id" uuid NOT NULL,
	"condition" text NOT NULL,
	"on_hand" numeric(14, 3) DEFAULT 0 NOT NULL,
	"in_transit" numeric(14, 3) DEFAULT 0 NOT NULL,
	"reserved" numeric(14, 3) DEFAULT 0 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "stock_balances_warehouse_id_part_id_condition_pk" PRIMARY KEY("warehouse_id","part_id","condition"),
	CONSTRAINT "stock_balances_not_negative" CHECK ("stock_balances"."on_hand" >= 0 and "stock_balances"."in_transit" >= 0 and "stock_balances"."reserved" >= 0 and "stock_balances"."reserved" <= "stock_balances"."on_hand")
);
--> statement-breakpoint
CREATE TABLE "stock_counts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"status" text NOT NULL,
	"frozen_by_user_id" text,
	"frozen_by_name" text,
	"note" text,
	"lines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"approved_by_id" text,
	"approved_by_name" text,
	"created_at" timestamp with time zone NOT NULL,
	"submitted_at" timestamp with time zone,
	"approved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "stock_ledger" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigint GENERATED ALWAYS AS IDENTITY (sequence name "stock_ledger_seq_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"part_id" uuid NOT NULL,
	"warehouse_id" uuid NOT NULL,
	"condition" text NOT NULL,
	"quantity" numeric(14, 3) NOT NULL,
	"in_transit_change" numeric(14, 3) DEFAULT 0 NOT NULL,
	"serial" text,
	"document_type" text NOT NULL,
	"document_id" uuid NOT NULL,
	"reason" text,
	"actor_id" text,
	"actor_name" text,
	"at" timestamp with time zone NOT NULL,
	"balance_after" numeric(14, 3) NOT NULL
);
--> statement-breakpoint
CREATE TABLE "stock_transfers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"from_warehouse_id" uuid NOT NULL,
	"to_warehouse_id" uuid NOT NULL,
	"condition" text NOT NULL,
	"status" text NOT NULL,
	"lines" jsonb NOT NULL,
	"reason" text,
	"created_by_id" text,
	"received_by_id" text,
	"created_at" timestamp with time zone NOT NULL,
	"received_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "warehouses" (
	"id" uuid PRIMARY KEY NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"level" text NOT NULL,
	"outlet_id" uuid,
	"technician_id" uuid,
	"owner_user_id" uuid,
	"frozen_by_count_id" uuid,
	"frozen_by_user_id" uuid,
	"is_active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "warehouses_code_unique" UNIQUE("code"),
	CONSTRAINT "warehouses_level_links" CHECK (("warehouses"."level" = 'central' and "warehouses"."outlet_id" is null and "warehouses"."technician_id" is null)
        or ("warehouses"."level" = 'outlet' and "warehouses"."outlet_id" is not null and "warehouses"."technician_id" is null)
        or ("warehouses"."level" = 'technician' and "warehouses"."outlet_id" is not null and "warehouses"."technician_id" is not null))
);
--> statement-breakpoint
ALTER TABLE "old_parts" ADD CONSTRAINT "old_parts_part_id_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "old_parts" ADD CONSTRAINT "old_parts_technician_id_technicians_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."technicians"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "old_parts" ADD CONSTRAINT "old_parts_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_model_fits" ADD CONSTRAINT "part_model_fits_part_id_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_model_fits" ADD CONSTRAINT "part_model_fits_model_id_product_models_id_fk" FOREIGN KEY ("model_id") REFERENCES "public"."product_models"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_reorder_points" ADD CONSTRAINT "part_reorder_points_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_reorder_points" ADD CONSTRAINT "part_reorder_points_part_id_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_requisitions" ADD CONSTRAINT "part_requisitions_technician_id_technicians_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."technicians"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_requisitions" ADD CONSTRAINT "part_requisitions_technician_warehouse_id_warehouses_id_fk" FOREIGN KEY ("technician_warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_requisitions" ADD CONSTRAINT "part_requisitions_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_serial_units" ADD CONSTRAINT "part_serial_units_part_id_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "part_serial_units" ADD CONSTRAINT "part_serial_units_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_balances" ADD CONSTRAINT "stock_balances_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_balances" ADD CONSTRAINT "stock_balances_part_id_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_counts" ADD CONSTRAINT "stock_counts_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_ledger" ADD CONSTRAINT "stock_ledger_part_id_parts_id_fk" FOREIGN KEY ("part_id") REFERENCES "public"."parts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_ledger" ADD CONSTRAINT "stock_ledger_warehouse_id_warehouses_id_fk" FOREIGN KEY ("warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD CONSTRAINT "stock_transfers_from_warehouse_id_warehouses_id_fk" FOREIGN KEY ("from_warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "stock_transfers" ADD CONSTRAINT "stock_transfers_to_warehouse_id_warehouses_id_fk" FOREIGN KEY ("to_warehouse_id") REFERENCES "public"."warehouses"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warehouses" ADD CONSTRAINT "warehouses_outlet_id_outlets_id_fk" FOREIGN KEY ("outlet_id") REFERENCES "public"."outlets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "warehouses" ADD CONSTRAINT "warehouses_technician_id_technicians_id_fk" FOREIGN KEY ("technician_id") REFERENCES "public"."technicians"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "old_parts_work_order_idx" ON "old_parts" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "old_parts_status_idx" ON "old_parts" USING btree ("status");--> statement-breakpoint
CREATE INDEX "old_parts_owner_idx" ON "old_parts" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "part_model_fits_model_idx" ON "part_model_fits" USING btree ("model_id");--> statement-breakpoint
CREATE INDEX "parts_name_idx" ON "parts" USING btree ("name");--> statement-breakpoint
CREATE INDEX "part_requisitions_work_order_idx" ON "part_requisitions" USING btree ("work_order_id");--> statement-breakpoint
CREATE INDEX "part_requisitions_warehouse_status_idx" ON "part_requisitions" USING btree ("warehouse_id","status");--> statement-breakpoint
CREATE INDEX "part_requisitions_owner_idx" ON "part_requisitions" USING btree ("owner_user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "part_serial_units_serial_unique" ON "part_serial_units" USING btree ("part_id","serial");--> statement-breakpoint
CREATE INDEX "part_serial_units_warehouse_idx" ON "part_serial_units" USING btree ("warehouse_id","part_id");--> statement-breakpoint
CREATE INDEX "stock_balances_part_idx" ON "stock_balances" USING btree ("part_id");--> statement-breakpoint
CREATE INDEX "stock_counts_warehouse_idx" ON "stock_counts" USING btree ("warehouse_id");--> statement-breakpoint
CREATE INDEX "stock_ledger_warehouse_at_idx" ON "stock_ledger" USING btree ("warehouse_id","at" DESC NULLS FIRST,"seq" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "stock_ledger_warehouse_kind_at_idx" ON "stock_ledger" USING btree ("warehouse_id","kind","at" DESC NULLS FIRST,"seq" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "stock_ledger_part_at_idx" ON "stock_ledger" USING btree ("part_id","at" DESC NULLS FIRST,"seq" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "stock_ledger_at_idx" ON "stock_ledger" USING btree ("at" DESC NULLS FIRST,"seq" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "stock_ledger_document_idx" ON "stock_ledger" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "stock_transfers_from_idx" ON "stock_transfers" USING btree ("from_warehouse_id");--> statement-breakpoint
CREATE INDEX "stock_transfers_to_idx" ON "stock_transfers" USING btree ("to_warehouse_id");--> statement-breakpoint
CREATE UNIQUE INDEX "warehouses_outlet_unique" ON "warehouses" USING btree ("outlet_id") WHERE "warehouses"."level" = 'outlet';--> statement-breakpoint
CREATE UNIQUE INDEX "warehouses_technician_unique" ON "warehouses" USING btree ("technician_id");--> statement-breakpoint
CREATE INDEX "warehouses_outlet_idx" ON "warehouses" USING btree ("outlet_id");--> statement-breakpoint
CREATE INDEX "warehouses_owner_idx" ON "warehouses" USING btree ("owner_user_id");