import fs from 'node:fs';
/** Writes the SQL that seeds the statutory calendar and default SLA policies: npx tsx scripts/generate-calendar-seed.ts server/db/migrations/0009_sla_seed.sql */
import { CHINA_HOLIDAYS } from '../server/modules/sla/holidays-data';
const esc = (s: string) => s.replace(/'/g, "''");
const lines: string[] = ['-- Statutory calendar from chinese-days (2004–2026) and the default SLA policies.'];
const days = [
  ...Object.entries(CHINA_HOLIDAYS.holidays).map(([d, n]) => `('${d}', 'holiday', '${esc(n)}', 'statutory')`),
  ...Object.entries(CHINA_HOLIDAYS.workdays).map(([d, n]) => `('${d}', 'workday', '${esc(n)}', 'statutory')`),
];
lines.push(`INSERT INTO calendar_days (date, kind, name, source) VALUES\n${days.join(',\n')}\nON CONFLICT (date) DO NOTHING;`);
const years = [];
for (let y = CHINA_HOLIDAYS.years.from; y <= CHINA_HOLIDAYS.years.to; y++) years.push(`(${y}, 'statutory')`);
lines.push(`--> statement-breakpoint\nINSERT INTO calendar_years (year, source) VALUES ${years.join(', ')} ON CONFLICT (year) DO NOTHING;`);
lines.push(`--> statement-breakpoint
INSERT INTO sla_policies (id, name, ticket_type, urgency, customer_class, priority, response_minutes, response_hours, onsite_working_days, resolution_working_days) VALUES
('00000000-0000-4000-8000-000000000001', '默认：24 小时响应，3 个工作日上门，7 个工作日解决', NULL, NULL, NULL, 0, 1440, '{"start":"00:00","end":"24:00"}', 3, 7),
('00000000-0000-4000-8000-000000000002', '紧急：4 小时响应，1 个工作日上门，3 个工作日解决', NULL, 'urgent', NULL, 10, 240, '{"start":"00:00","end":"24:00"}', 1, 3),
('00000000-0000-4000-8000-000000000003', '重点客户：2 小时响应（服务时间 9:00–22:00），1 个工作日上门', NULL, NULL, 'key', 20, 120, '{"start":"09:00","end":"22:00"}', 1, 5),
('00000000-0000-4000-8000-000000000004', '咨询：24 小时内答复', 'consultation', NULL, NULL, 5, 1440, '{"start":"00:00","end":"24:00"}', NULL, 3)
ON CONFLICT (id) DO NOTHING;`);
fs.writeFileSync(process.argv[2], lines.join('\n') + '\n');
console.log('rows', days.length);
