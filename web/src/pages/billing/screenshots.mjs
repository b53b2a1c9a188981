// Screenshots of the billing pages (1366 px) and the phone's quote panel (390×844), against a running demo server:
// AFTERSALES_DATA_DIR=$(mktemp -d) PORT=3571 AFTERSALES_ADMIN_PASSWORD=Admin12345pw npm run demo, then
// BASE=http://127.0.0.1:3571 node web/src/pages/billing/screenshots.mjs (creates a fee schedule, piece rates, quotes
// a demo work order, proposes a 20 % discount; writes e2e/screenshots/billing-*.png).
import { chromium } from 'playwright-core';
import fs from 'node:fs';

const BASE = process.env.BASE ?? 'http://127.0.0.1:3571';
const OUT = process.env.OUT ?? new URL('../../../../e2e/screenshots', import.meta.url).pathname;
fs.mkdirSync(OUT, { recursive: true });
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? 'Admin12345pw';

async function session(username, password) {
  const response = await fetch(`${BASE}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const me = await response.json();
  const call = async (method, path, body) => {
    const r = await fetch(`${BASE}${path}`, { method, headers: { cookie, 'X-CSRF-Token': me.csrfToken, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
  return Object.assign(call, { cookie });
}

const admin = await session('admin', ADMIN_PASSWORD);
const today = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
const schedules = (await admin('GET', '/api/billing/schedules')).items;
if (!schedules.some((item) => item.state === 'in_force')) {
  await admin('POST', '/api/billing/schedules', {
    name: '2026 收费标准', effectiveFrom: '2026-01-01',
    labour: [{ workType: 'repair', amountFen: 8000 }, { workType: 'installation', amountFen: 12000 }, { workType: 'maintenance', amountFen: 6000 }],
    visit: [{ kind: 'distance', upToKm: 10, amountFen: 3000 }, { kind: 'distance', upToKm: 30, amountFen: 5000 }, { kind: 'district', districtCode: '310115', amountFen: 2000 }],
  });
}
const rates = await admin('GET', '/api/billing/piece-rates');
if (!rates.items.length) {
  await admin('POST', '/api/billing/piece-rates', { name: '2026 计件单价', effectiveFrom: '2026-01-01', rates: [{ party: 'outlet', workType: 'repair', amountFen: 4500 }, { party: 'technician', workType: 'repair', amountFen: 1500 }], extras: { nightFen: 1000, holidayFen: 2000, urgentFen: 1500, perKmFen: 100, freeKm: 20 } });
}
const orders = (await admin('GET', '/api/work-orders?pageSize=50')).items.filter((order) => !['completed', 'not_completed', 'verified', 'cancelled'].includes(order.status));
const order = orders[0];
if (!order) throw new Error('no open demo work order');
const bill = await admin('POST', `/api/billing/work-orders/${order.id}/quote`, { distanceKm: 8 });
if (!bill.pendingApprovals) await admin('POST', `/api/billing/bills/${bill.id}/adjustments`, { kind: 'discount', percent: 20, reason: '老客户，设备使用多年' }).catch(() => undefined);
await admin('POST', '/api/settlement/generate', { period: today.slice(0, 7) }).catch((error) => console.log(String(error)));

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN' });
const [name, value] = admin.cookie.split('; ')[0].split('=');
await context.addCookies([{ name, value, url: BASE }]);
const page = await context.newPage();
const shot = async (path, file, wait) => {
  await page.goto(`${BASE}${path}`);
  await page.getByText(wait).first().waitFor({ timeout: 20_000 });
  await page.waitForTimeout(500);
  await page.screenshot({ path: `${OUT}/${file}.png`, fullPage: true });
  console.log(`${OUT}/${file}.png`);
};
await shot('/billing/schedules', 'billing-1-schedules', '2026 收费标准');
await page.locator('.ant-table-row-expand-icon').first().click();
await page.waitForTimeout(300);
await page.screenshot({ path: `${OUT}/billing-1b-schedule-rows.png`, fullPage: true });
await shot(`/work-orders/${order.id}`, 'billing-2-work-order-quote', '工时费');
await shot('/billing/approvals', 'billing-3-approvals', '老客户');
await shot('/billing/cash', 'billing-4-cash', '应收账款');
await shot('/billing/invoices', 'billing-5-invoices', '发票');
await shot('/billing/statements', 'billing-6-statements', '结算单');
const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true });
await phone.addCookies([{ name, value, url: BASE }]);
const mobile = await phone.newPage();
await mobile.goto(`${BASE}/m/orders/${order.id}`);
await mobile.getByText('工时费').first().waitFor({ timeout: 20_000 }).catch(() => undefined);
await mobile.screenshot({ path: `${OUT}/billing-7-phone-quote.png`, fullPage: true });
await browser.close();
