CREATE TABLE "domain_event_outbox" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subscriber" text NOT NULL,
	"event" text NOT NULL,
	"payload" jsonb NOT NULL,
	"actor" jsonb NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"last_error" text,
	"delivered_at" timestamp with time zone
);
--> statement-breakpoint
CREATE INDEX "domain_event_outbox_due_idx" ON "domain_event_outbox" USING btree ("status","next_attempt_at");