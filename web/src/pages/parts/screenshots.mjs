// Screenshots of the parts pages at 1366 px and of the phone's serial picker at 390×844, against a running demo
// server: AFTERSALES_DATA_DIR=$(mktemp -d) PORT=3561 AFTERSALES_ADMIN_PASSWORD=Admin12345pw npm run demo, then
// BASE=http://127.0.0.1:3561 node web/src/pages/parts/screenshots.mjs (creates its warehouses, parts, stock, a transfer,
// two counts and a visit through the API; writes e2e/screenshots/parts-*.png).
import { chromium } from 'playwright-core';
import fs from 'node:fs';

const BASE = process.env.BASE ?? 'http://127.0.0.1:3561';
const OUT = process.env.OUT ?? new URL('../../../../e2e/screenshots', import.meta.url).pathname;
fs.mkdirSync(OUT, { recursive: true });
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? 'Admin12345pw';
const DEMO_PASSWORD = 'Demo2026pass';
const run = Date.now().toString(36).slice(-4).toUpperCase();

async function session(username, password) {
  const response = await fetch(`${BASE}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!response.ok) throw new Error(`login ${username}: ${response.status} ${await response.text()}`);
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  const me = await response.json();
  return async (method, path, body) => {
    const r = await fetch(`${BASE}${path}`, { method, headers: { cookie, 'X-CSRF-Token': me.csrfToken, ...(body ? { 'Content-Type': 'application/json' } : {}) }, body: body ? JSON.stringify(body) : undefined });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

const admin = await session('admin', ADMIN_PASSWORD);
const techs = await admin('GET', '/api/technicians?pageSize=100');
const zhao = techs.items.find((tech) => tech.username === 'tech.zhao');
if (!zhao) throw new Error('no tech.zhao');
if (!zhao.skills.some((skill) => skill.categoryId === null && skill.workType === 'repair')) {
  await admin('PATCH', `/api/technicians/${zhao.id}`, { skills: [...zhao.skills, { categoryId: null, workType: 'repair' }] });
}

// Warehouses: a central one, zhao's outlet's and zhao's own stock (made once, found again on a rerun).
const all = (await admin('GET', '/api/parts/warehouses?pageSize=200')).items;
const ensure = async (found, body) => found ?? admin('POST', '/api/parts/warehouses', body);
const central = await ensure(all.find((w) => w.level === 'central'), { code: 'WH-SH', name: '上海总仓', level: 'central' });
const outlet = await ensure(all.find((w) => w.level === 'outlet' && w.outletId === zhao.outletId), { code: `WH-O-${run}`, name: '浦东网点仓', level: 'outlet', outletId: zhao.outletId });
const own = await ensure(all.find((w) => w.technicianId === zhao.id), { code: `WH-T-${run}`, name: '赵师傅随身库', level: 'technician', outletId: zhao.outletId, technicianId: zhao.id });

const part = (body) => admin('POST', '/api/parts', { kind: 'common', unit: 'piece', isSerialTracked: false, mustReturnOldPart: false, costFen: 2000, salePriceFen: 3550, ...body });
const capacitor = await part({ partNumber: `CAP-${run}`, name: '压缩机启动电容 35μF' });
const compressor = await part({ partNumber: `CMP-${run}`, name: '旋转式压缩机 1.5P', isSerialTracked: true, mustReturnOldPart: true, costFen: 62000, salePriceFen: 98000 });
const fan = await part({ partNumber: `FAN-${run}`, name: '外机风扇电机', costFen: 15000, salePriceFen: 26000 });
const serials = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix}${run}-${String(i + 1).padStart(3, '0')}`);
// On a rerun the central and outlet warehouses are frozen by the counts below: only the technician's stock is filled again.
const isFrozen = Boolean(central.frozenByCountId || outlet.frozenByCountId);
if (!isFrozen) {
  await admin('POST', '/api/parts/receipts', { warehouseId: central.id, reference: '格力送货单 GL-20261203', lines: [{ partId: capacitor.id, quantity: 40 }, { partId: fan.id, quantity: 12 }, { partId: compressor.id, quantity: 4, serials: serials('YC', 4) }] });
  await admin('POST', '/api/parts/receipts', { warehouseId: outlet.id, reference: '网点调拨补货', lines: [{ partId: capacitor.id, quantity: 8 }, { partId: fan.id, quantity: 3 }] });
  await admin('POST', '/api/parts/transfers', { fromWarehouseId: central.id, toWarehouseId: outlet.id, reason: '月度补货', lines: [{ partId: capacitor.id, quantity: 10 }, { partId: compressor.id, quantity: 1, serials: [serials('YC', 4)[0]] }] });
}
await admin('POST', '/api/parts/receipts', { warehouseId: own.id, reference: '随身库备货', lines: [{ partId: capacitor.id, quantity: 3 }, { partId: compressor.id, quantity: 3, serials: serials('SN', 3) }] });

// Counts: an approved-looking history needs a second user; here one submitted count (outlet) and one open count (central).
const counts = (await admin('GET', '/api/parts/counts?pageSize=100')).items;
let submitted = counts.find((c) => c.warehouseId === outlet.id && c.status !== 'approved');
if (!submitted) {
  submitted = await admin('POST', '/api/parts/counts', { warehouseId: outlet.id, note: '12 月月末盘点' });
  await admin('PUT', `/api/parts/counts/${submitted.id}/lines`, { lines: [{ partId: capacitor.id, countedQuantity: 7 }, { partId: fan.id, countedQuantity: 3 }] });
  await admin('POST', `/api/parts/counts/${submitted.id}/submit`);
}
let draft = counts.find((c) => c.warehouseId === central.id && c.status === 'draft');
if (!draft) {
  draft = await admin('POST', '/api/parts/counts', { warehouseId: central.id, note: '总仓抽盘' });
  await admin('PUT', `/api/parts/counts/${draft.id}/lines`, { lines: [{ partId: fan.id, countedQuantity: 13 }] });
}

// A visit for zhao today, so the phone shows the report.
const shanghaiDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const ticket = await admin('POST', '/api/tickets', {
  type: 'repair',
  channel: 'hotline',
  newCustomer: { name: '周丽', phone: `138${String(Date.now()).slice(-8)}`, address: { provinceCode: '310000', cityCode: '310100', districtCode: '310115', detail: '张江路 99 弄 3 号 201 室', latitude: 31.2, longitude: 121.59 } },
  description: '空调外机不启动',
  faultCategory: '不制冷',
  allowDuplicate: true,
});
const ticketId = ticket.ticket?.id ?? ticket.id;
await admin('PUT', `/api/tickets/${ticketId}/assessment`, { faultClass: 'performance', faultCode: 'no_cooling', impact: 'medium', urgency: 'normal' });
const order = await admin('POST', `/api/tickets/${ticketId}/work-orders`, { type: 'repair', windowStart: `${shanghaiDay}T14:00:00+08:00`, windowEnd: `${shanghaiDay}T16:00:00+08:00`, materials: [] });
const dispatched = await admin('POST', `/api/work-orders/${order.id}/dispatch`, { outletId: zhao.outletId, technicianId: zhao.id });

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const errors = [];
async function open(viewport, options = {}) {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
  const page = await context.newPage();
  page.on('console', (message) => message.type() === 'error' && !/status of 4\d\d/.test(message.text()) && errors.push(message.text()));
  page.on('pageerror', (error) => errors.push(String(error)));
  return page;
}
const shot = async (page, name, fullPage = true) => {
  await page.waitForTimeout(400);
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage });
  console.log('shot', name);
};

// Desktop, 1366 px, as the admin (both 盘点 and 盘点审批 in the menu).
const desk = await open({ width: 1366, height: 900 });
await desk.goto(`${BASE}/login`);
await desk.getByLabel('用户名').fill('admin');
await desk.getByLabel('密码').fill(ADMIN_PASSWORD);
await desk.getByRole('button', { name: /登\s*录/ }).click();
await desk.getByTestId('side-menu').waitFor();

await desk.goto(`${BASE}/part-counts`);
await desk.getByTestId('count-view').first().waitFor();
await desk.getByTestId('count-view').first().click();
await desk.getByTestId('count-detail').waitFor();
await shot(desk, 'parts-counts-1366');
await desk.goto(`${BASE}/part-count-approvals`);
await desk.getByTestId('count-view').first().click();
await desk.getByTestId('count-approve').waitFor();
await shot(desk, 'parts-count-approvals-1366');
await desk.goto(`${BASE}/part-transfers`);
await desk.getByText(/压缩机启动电容 35μF × 10/).first().waitFor();
await shot(desk, 'parts-transfers-1366', false);
await desk.goto(`${BASE}/part-ledger`);
await desk.getByText('上海总仓').first().waitFor();
await shot(desk, 'parts-ledger-1366', false);
await desk.setViewportSize({ width: 390, height: 844 });
await desk.goto(`${BASE}/part-counts`);
await desk.getByTestId('count-view').first().waitFor();
await shot(desk, 'parts-counts-390');

// The phone, 390×844: the report's 使用备件 with the serial picker and the old part's serial.
const phone = await open({ width: 390, height: 844 }, { deviceScaleFactor: 2, isMobile: true, hasTouch: true, geolocation: { latitude: 31.2005, longitude: 121.5902 }, permissions: ['geolocation'] });
await phone.goto(`${BASE}/m`);
await phone.getByTestId('m-username').locator('input').fill('tech.zhao');
await phone.getByTestId('m-password').locator('input').fill(DEMO_PASSWORD);
await phone.getByTestId('m-login-submit').click();
await phone.getByTestId('m-order-card').filter({ hasText: dispatched.number }).click();
for (const step of ['accept', 'on_the_way', 'arrived', 'start']) await phone.getByTestId(`m-step-${step}`).click();
await phone.getByTestId('m-report').waitFor();
await phone.getByTestId('m-use-parts').click();
await phone.getByTestId('m-stock-row').filter({ hasText: '旋转式压缩机' }).click();
await phone.getByTestId('m-pick-serials').click();
await phone.getByTestId('m-serial').first().waitFor();
await phone.getByText(serials('SN', 3)[0]).click();
await shot(phone, 'parts-m-serial-picker', false);
await phone.getByTestId('m-serials-done').click();
await phone.getByTestId('m-old-part-serial').locator('input').fill('OLD-YC-7781');
await phone.getByTestId('m-part-extras').scrollIntoViewIfNeeded();
await shot(phone, 'parts-m-report-serials', false);

await browser.close();
if (errors.length) {
  console.log('console errors:', errors);
  process.exitCode = 1;
}
