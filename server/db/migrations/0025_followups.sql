CREATE TABLE "followup_attempts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"is_reached" boolean NOT NULL,
	"note" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "followup_outcomes" (
	"task_id" uuid PRIMARY KEY NOT NULL,
	"overall" smallint NOT NULL,
	"attitude" smallint NOT NULL,
	"skill" smallint NOT NULL,
	"timeliness" smallint NOT NULL,
	"categories" jsonb NOT NULL,
	"comment" text,
	"decision" text NOT NULL,
	"redo_work_order_id" uuid,
	"recorded_by_user_id" uuid NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "followup_tasks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"work_order_id" uuid NOT NULL,
	"round" smallint NOT NULL,
	"work_order_number" text NOT NULL,
	"ticket_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"asset_id" uuid,
	"category_id" uuid,
	"work_type" text NOT NULL,
	"outlet_id" uuid,
	"technician_id" uuid,
	"technician_user_id" uuid,
	"work_done" text,
	"is_key_customer" boolean NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"opens_at" timestamp with time zone NOT NULL,
	"due_date" date NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"is_due_provisional" boolean NOT NULL,
	"status" text NOT NULL,
	"closing" text,
	"assigned_user_id" uuid,
	"attempt_count" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"closed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "followup_attempts" ADD CONSTRAINT "followup_attempts_task_id_followup_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."followup_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "followup_outcomes" ADD CONSTRAINT "followup_outcomes_task_id_followup_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."followup_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "followup_attempts_task_idx" ON "followup_attempts" USING btree ("task_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "followup_tasks_visit_round_idx" ON "followup_tasks" USING btree ("work_order_id","round");--> statement-breakpoint
CREATE INDEX "followup_tasks_queue_idx" ON "followup_tasks" USING btree ("status","assigned_user_id","due_at");--> statement-breakpoint
CREATE INDEX "followup_tasks_ticket_idx" ON "followup_tasks" USING btree ("ticket_id");