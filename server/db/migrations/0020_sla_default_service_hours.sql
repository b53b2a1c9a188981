-- Service hours per policy default to 9:00–22:00 (issue 4): the seeded default, urgent and
-- consultation policies ran around the clock. Only policies still as seeded change; a policy
-- an admin has edited keeps its hours. Clocks already started keep the hours copied onto them.
UPDATE sla_policies
   SET response_hours = '{"start":"09:00","end":"22:00"}'::jsonb, updated_at = now()
 WHERE id IN ('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000004')
   AND response_hours = '{"start":"00:00","end":"24:00"}'::jsonb
   AND updated_at = created_at;
--> statement-breakpoint
UPDATE sla_policies SET name = '默认：24 小时响应（服务时间 9:00–22:00），3 个工作日上门，7 个工作日解决'
 WHERE id = '00000000-0000-4000-8000-000000000001' AND name = '默认：24 小时响应，3 个工作日上门，7 个工作日解决';
--> statement-breakpoint
UPDATE sla_policies SET name = '紧急：4 小时响应（服务时间 9:00–22:00），1 个工作日上门，3 个工作日解决'
 WHERE id = '00000000-0000-4000-8000-000000000002' AND name = '紧急：4 小时响应，1 个工作日上门，3 个工作日解决';
--> statement-breakpoint
UPDATE sla_policies SET name = '咨询：24 小时内答复（服务时间 9:00–22:00）'
 WHERE id = '00000000-0000-4000-8000-000000000004' AND name = '咨询：24 小时内答复';
