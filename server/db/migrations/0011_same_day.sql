ALTER TABLE "tickets" ADD COLUMN "unit_count" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "same_day_reason" text;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "committed_at" timestamp with time zone;