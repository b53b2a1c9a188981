CREATE INDEX "tickets_created_idx" ON "tickets" USING btree ("created_at" DESC NULLS FIRST,"number" DESC NULLS FIRST);--> statement-breakpoint
CREATE INDEX "tickets_open_created_idx" ON "tickets" USING btree ("created_at" DESC NULLS FIRST,"number" DESC NULLS FIRST) WHERE status in ('new','accepted','assessed','dispatched','in_progress','waiting_customer','waiting_parts','waiting_maker');--> statement-breakpoint
CREATE INDEX "tickets_number_trgm" ON "tickets" USING gin ("number" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "tickets_description_trgm" ON "tickets" USING gin ("description" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "ticket_clocks_running_idx" ON "ticket_clocks" USING btree ("ticket_id") WHERE stopped_at is null and (status = 'breached' or is_at_risk);