ALTER TABLE "product_categories" ADD COLUMN "fault_codes" jsonb;--> statement-breakpoint
ALTER TABLE "product_categories" ADD COLUMN "allowed_ticket_types" jsonb;