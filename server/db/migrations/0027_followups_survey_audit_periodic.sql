CREATE TABLE "followup_audit_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"week_start" date NOT NULL,
	"seed" text NOT NULL,
	"share_percent" integer NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "followup_audit_runs_week_start_unique" UNIQUE("week_start")
);
--> statement-breakpoint
CREATE TABLE "followup_audits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"run_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"agent_user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"is_happened" boolean,
	"is_matched" boolean,
	"note" text,
	"auditor_user_id" uuid,
	"decided_at" timestamp with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "followup_periodic_visits" (
	"id" uuid PRIMARY KEY NOT NULL,
	"quarter" text NOT NULL,
	"planned_month" date NOT NULL,
	"customer_id" uuid NOT NULL,
	"is_key_customer" boolean NOT NULL,
	"mode" text NOT NULL,
	"assigned_user_id" uuid,
	"outlet_id" uuid,
	"work_order_id" uuid,
	"status" text NOT NULL,
	"note" text,
	"done_at" timestamp with time zone,
	"done_by_user_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "followup_surveys" (
	"id" uuid PRIMARY KEY NOT NULL,
	"task_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"phone" text NOT NULL,
	"message_id" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_by_user_id" uuid NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "followup_outcomes" ALTER COLUMN "recorded_by_user_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "followup_outcomes" ADD COLUMN "source" text DEFAULT 'call' NOT NULL;--> statement-breakpoint
ALTER TABLE "followup_audits" ADD CONSTRAINT "followup_audits_run_id_followup_audit_runs_id_fk" FOREIGN KEY ("run_id") REFERENCES "public"."followup_audit_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "followup_audits" ADD CONSTRAINT "followup_audits_task_id_followup_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."followup_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "followup_surveys" ADD CONSTRAINT "followup_surveys_task_id_followup_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."followup_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "followup_audits_task_idx" ON "followup_audits" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "followup_audits_run_idx" ON "followup_audits" USING btree ("run_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "followup_periodic_customer_quarter_idx" ON "followup_periodic_visits" USING btree ("customer_id","quarter");--> statement-breakpoint
CREATE INDEX "followup_periodic_month_idx" ON "followup_periodic_visits" USING btree ("planned_month","status");--> statement-breakpoint
CREATE INDEX "followup_periodic_done_idx" ON "followup_periodic_visits" USING btree ("customer_id","done_at");--> statement-breakpoint
CREATE UNIQUE INDEX "followup_surveys_token_idx" ON "followup_surveys" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "followup_surveys_task_idx" ON "followup_surveys" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "followup_tasks_closed_idx" ON "followup_tasks" USING btree ("closed_at");--> statement-breakpoint
INSERT INTO "notification_templates" ("id", "event", "channel", "locale", "body", "is_enabled", "updated_at") VALUES
  (gen_random_uuid(), 'followup_survey', 'sms', 'zh-CN', '【售后服务】感谢您使用我们的服务（单号 {number}），请花一分钟评价本次服务：{link}', true, now()),
  (gen_random_uuid(), 'followup_survey', 'sms', 'en', '[After-sales] Thank you for using our service ({number}). Please rate the visit in one minute: {link}', true, now());
