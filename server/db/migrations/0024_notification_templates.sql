CREATE TABLE "notification_preferences" (
	"recipient" text PRIMARY KEY NOT NULL,
	"is_marketing_opt_out" boolean DEFAULT false NOT NULL,
	"event_channels" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"wechat_openid" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_templates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"event" text NOT NULL,
	"channel" text NOT NULL,
	"locale" text NOT NULL,
	"body" text NOT NULL,
	"provider_template_code" text,
	"is_enabled" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	"updated_by" text
);
--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "is_urgent" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "provider_template_code" text;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "provider" text;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "provider_message_id" text;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD COLUMN "delivered_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "notification_templates_key" ON "notification_templates" USING btree ("event","channel","locale");--> statement-breakpoint
CREATE INDEX "outbox_provider_message_idx" ON "outbox_messages" USING btree ("provider","provider_message_id");--> statement-breakpoint
-- Today's texts (server/modules/notifications/templates.ts) as the first rows; WeChat rows start disabled until a template_id is set.
INSERT INTO "notification_templates" ("id", "event", "channel", "locale", "body", "is_enabled", "updated_at") VALUES
  (gen_random_uuid(), 'portal_code', 'sms', 'zh-CN', '【售后服务】您的验证码是 {code}，10 分钟内有效。如非本人操作请忽略。', true, now()),
  (gen_random_uuid(), 'portal_code', 'sms', 'en', '[After-sales] Your verification code is {code}, valid for 10 minutes. Ignore this message if you did not ask for it.', true, now()),
  (gen_random_uuid(), 'ticket_received', 'sms', 'zh-CN', '【售后服务】您的服务申请已受理，单号 {number}，我们将在 {promised} 前与您联系。', true, now()),
  (gen_random_uuid(), 'ticket_received', 'sms', 'en', '[After-sales] Your request {number} has been registered; we will contact you before {promised}.', true, now()),
  (gen_random_uuid(), 'ticket_received', 'wechat', 'zh-CN', '您的服务申请已受理，单号 {number}，我们将在 {promised} 前与您联系。', false, now()),
  (gen_random_uuid(), 'ticket_received', 'wechat', 'en', 'Your request {number} has been registered; we will contact you before {promised}.', false, now()),
  (gen_random_uuid(), 'ticket_resolved', 'sms', 'zh-CN', '【售后服务】您的服务单 {number} 已处理完毕。如有问题请回复或致电我们，感谢您的支持。', true, now()),
  (gen_random_uuid(), 'ticket_resolved', 'sms', 'en', '[After-sales] Your request {number} has been resolved. Reply or call us if anything is still wrong.', true, now()),
  (gen_random_uuid(), 'ticket_resolved', 'wechat', 'zh-CN', '您的服务单 {number} 已处理完毕，感谢您的支持。', false, now()),
  (gen_random_uuid(), 'ticket_resolved', 'wechat', 'en', 'Your request {number} has been resolved. Thank you.', false, now()),
  (gen_random_uuid(), 'ticket_cancelled', 'sms', 'zh-CN', '【售后服务】您的服务单 {number} 已取消。如有疑问请致电我们。', true, now()),
  (gen_random_uuid(), 'ticket_cancelled', 'sms', 'en', '[After-sales] Your request {number} has been cancelled. Call us with any questions.', true, now()),
  (gen_random_uuid(), 'sla_breached', 'email', 'zh-CN', '工单 {number} 的{clock}时限已超时（应于 {due} 前完成），请尽快处理。', true, now()),
  (gen_random_uuid(), 'sla_breached', 'email', 'en', 'Ticket {number}: the {clock} time limit was breached (due {due}). Please act now.', true, now()),
  (gen_random_uuid(), 'sla_at_risk', 'email', 'zh-CN', '工单 {number} 的{clock}时限即将到期（{due}），请及时处理。', true, now()),
  (gen_random_uuid(), 'sla_at_risk', 'email', 'en', 'Ticket {number}: the {clock} time limit is close ({due}).', true, now()),
  (gen_random_uuid(), 'technician_on_the_way', 'sms', 'zh-CN', '【售后服务】您的服务单 {number} 的技师 {technician} 已出发，预约上门时间 {window}，请保持电话畅通。', true, now()),
  (gen_random_uuid(), 'technician_on_the_way', 'sms', 'en', '[After-sales] Technician {technician} is on the way for your request {number} (appointment {window}). Please keep your phone reachable.', true, now()),
  (gen_random_uuid(), 'technician_on_the_way', 'wechat', 'zh-CN', '技师 {technician} 已出发（服务单 {number}，预约 {window}）。', false, now()),
  (gen_random_uuid(), 'technician_on_the_way', 'wechat', 'en', 'Technician {technician} is on the way ({number}, {window}).', false, now()),
  (gen_random_uuid(), 'appointment_confirmed', 'sms', 'zh-CN', '【售后服务】您的服务单 {number} 已预约上门时间 {window}，届时技师将与您联系。', true, now()),
  (gen_random_uuid(), 'appointment_confirmed', 'sms', 'en', '[After-sales] Your visit for {number} is booked for {window}; the technician will call you.', true, now()),
  (gen_random_uuid(), 'appointment_confirmed', 'wechat', 'zh-CN', '服务单 {number} 已预约上门：{window}。', false, now()),
  (gen_random_uuid(), 'appointment_confirmed', 'wechat', 'en', 'Visit for {number} booked: {window}.', false, now()),
  (gen_random_uuid(), 'appointment_changed', 'sms', 'zh-CN', '【售后服务】您的服务单 {number} 的上门时间已改为 {window}，给您带来不便敬请谅解。', true, now()),
  (gen_random_uuid(), 'appointment_changed', 'sms', 'en', '[After-sales] The visit for {number} has moved to {window}. Sorry for the inconvenience.', true, now()),
  (gen_random_uuid(), 'delivery_day_greeting', 'sms', 'zh-CN', '【售后服务】您好，今天是您的产品安装日，技师 {technician} 将于 {window} 上门，如需改约请致电我们。', true, now()),
  (gen_random_uuid(), 'delivery_day_greeting', 'sms', 'en', '[After-sales] Today is your installation day: technician {technician} comes at {window}. Call us to rebook.', true, now()),
  (gen_random_uuid(), 'job_done', 'sms', 'zh-CN', '【售后服务】服务单 {number} 已完工，请您花一分钟评价本次服务：{surveyLink}', true, now()),
  (gen_random_uuid(), 'job_done', 'sms', 'en', '[After-sales] The work on {number} is done. Please rate it: {surveyLink}', true, now()),
  (gen_random_uuid(), 'job_done', 'wechat', 'zh-CN', '服务单 {number} 已完工，欢迎评价：{surveyLink}', false, now()),
  (gen_random_uuid(), 'job_done', 'wechat', 'en', 'The work on {number} is done. Rate it: {surveyLink}', false, now()),
  (gen_random_uuid(), 'parts_arrived', 'sms', 'zh-CN', '【售后服务】您的服务单 {number} 所需备件已到货，我们将尽快与您预约上门时间。', true, now()),
  (gen_random_uuid(), 'parts_arrived', 'sms', 'en', '[After-sales] The parts for {number} have arrived; we will call you to book the visit.', true, now()),
  (gen_random_uuid(), 'loaner_due', 'sms', 'zh-CN', '【售后服务】您借用的备用机 {item} 应于 {due} 归还，感谢配合。', true, now()),
  (gen_random_uuid(), 'loaner_due', 'sms', 'en', '[After-sales] The loaner {item} is due back on {due}. Thank you.', true, now()),
  (gen_random_uuid(), 'contract_expiring', 'sms', 'zh-CN', '【售后服务】您的服务合同 {contract} 将于 {expires} 到期，续约请致电我们。回复TD退订', true, now()),
  (gen_random_uuid(), 'contract_expiring', 'sms', 'en', '[After-sales] Your service contract {contract} expires on {expires}. Call us to renew. Reply TD to unsubscribe', true, now()),
  (gen_random_uuid(), 'maintenance_expiring', 'sms', 'zh-CN', '【售后服务】您的 {product} 免费保养期将于 {expires} 到期，欢迎预约保养。回复TD退订', true, now()),
  (gen_random_uuid(), 'maintenance_expiring', 'sms', 'en', '[After-sales] The free maintenance of your {product} ends on {expires}. Book a visit now. Reply TD to unsubscribe', true, now()),
  (gen_random_uuid(), 'complaint_received', 'sms', 'zh-CN', '【售后服务】您的投诉已受理（单号 {number}），专人将在 {promised} 前与您联系。', true, now()),
  (gen_random_uuid(), 'complaint_received', 'sms', 'en', '[After-sales] Your complaint {number} has been registered; we will call you before {promised}.', true, now()),
  (gen_random_uuid(), 'complaint_resolved', 'sms', 'zh-CN', '【售后服务】您的投诉 {number} 已处理完毕，感谢您的宝贵意见。', true, now()),
  (gen_random_uuid(), 'complaint_resolved', 'sms', 'en', '[After-sales] Your complaint {number} has been resolved. Thank you for telling us.', true, now()),
  (gen_random_uuid(), 'approval_waiting', 'email', 'zh-CN', '{item} 等待您审批（提交人 {requester}）。', true, now()),
  (gen_random_uuid(), 'approval_waiting', 'email', 'en', '{item} is waiting for your approval (from {requester}).', true, now()),
  (gen_random_uuid(), 'certificate_expiring', 'email', 'zh-CN', '技师 {technician} 的{certificate}将于 {expires} 到期，请安排复审。', true, now()),
  (gen_random_uuid(), 'certificate_expiring', 'email', 'en', 'Technician {technician}''s {certificate} expires on {expires}.', true, now());
