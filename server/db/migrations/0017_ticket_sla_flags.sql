ALTER TABLE "tickets" ADD COLUMN "sla_at_risk" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "sla_breached" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "tickets_created_by_idx" ON "tickets" USING btree ("created_by");--> statement-breakpoint
CREATE INDEX "tickets_open_queue_idx" ON "tickets" USING btree ("outlet_id","type","assigned_user_id","created_by","sla_at_risk","sla_breached") WHERE status in ('new','accepted','assessed','dispatched','in_progress','waiting_customer','waiting_parts','waiting_maker');--> statement-breakpoint
CREATE INDEX "tickets_sla_at_risk_idx" ON "tickets" USING btree ("created_at" DESC NULLS FIRST,"number" DESC NULLS FIRST) WHERE sla_at_risk;--> statement-breakpoint
CREATE INDEX "tickets_sla_breached_idx" ON "tickets" USING btree ("created_at" DESC NULLS FIRST,"number" DESC NULLS FIRST) WHERE sla_breached;