ALTER TABLE "sla_policies" ADD COLUMN "at_risk_percent" integer DEFAULT 80 NOT NULL;--> statement-breakpoint
ALTER TABLE "ticket_clocks" ADD COLUMN "at_risk_percent" integer DEFAULT 80 NOT NULL;