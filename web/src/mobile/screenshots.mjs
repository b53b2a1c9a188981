// Screenshots of the technician's phone app (390×844), the receipt and the workshop log against a running demo
// server: AFTERSALES_DATA_DIR=$(mktemp -d) PORT=3517 AFTERSALES_ADMIN_PASSWORD=Admin12345pw npm run demo, then
// BASE=http://127.0.0.1:3517 node web/src/mobile/screenshots.mjs (creates its orders through the API).
import { chromium } from 'playwright-core';
import fs from 'node:fs';

const BASE = process.env.BASE ?? 'http://127.0.0.1:3517';
const OUT = process.env.OUT ?? new URL('../../../e2e/screenshots', import.meta.url).pathname;
fs.mkdirSync(OUT, { recursive: true });
const PASSWORD = 'Demo2026pass';

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

const admin = await session('admin', 'Admin12345pw');
const shanghaiDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const techs = await admin('GET', '/api/technicians?pageSize=100');
const zhao = techs.items.find((tech) => tech.username === 'tech.zhao');
if (!zhao) throw new Error('no tech.zhao');
// Orders without an asset have no category: give the technician the general repair skill.
if (!zhao.skills.some((skill) => skill.categoryId === null && skill.workType === 'repair')) {
  await admin('PATCH', `/api/technicians/${zhao.id}`, { skills: [...zhao.skills, { categoryId: null, workType: 'repair' }] });
}

// Earlier runs: cancel what is still open so the technician's day has room.
const open = await admin('GET', `/api/work-orders?technicianId=${zhao.id}&status=dispatched,assigned&pageSize=100`);
for (const item of open.items) await admin('POST', `/api/work-orders/${item.id}/cancel`, { reason: '截图脚本重跑' }).catch((error) => console.log(String(error)));

async function orderFor(index, window, materials) {
  const phone = `139${String(Date.now()).slice(-7)}${index}`.slice(0, 11);
  const ticket = await admin('POST', '/api/tickets', {
    type: 'repair',
    channel: 'hotline',
    newCustomer: { name: ['王芳', '李建国', '陈晓燕'][index], phone, address: { provinceCode: '310000', cityCode: '310100', districtCode: '310115', detail: ['张江路 88 弄 5 号 302 室', '世纪大道 1200 号 12 楼', '金桥路 55 号'][index], latitude: 31.2 + index * 0.01, longitude: 121.59 } },
    description: ['空调开机不制冷，外机不转', '热水器点火后熄灭', '洗衣机漏水'][index],
    faultCategory: '不制冷',
    allowDuplicate: true,
  });
  const ticketId = ticket.ticket?.id ?? ticket.id;
  await admin('PUT', `/api/tickets/${ticketId}/assessment`, { faultClass: 'performance', faultCode: 'no_cooling', impact: 'medium', urgency: 'normal' });
  const order = await admin('POST', `/api/tickets/${ticketId}/work-orders`, {
    type: 'repair',
    windowStart: `${shanghaiDay}T${window[0]}:00+08:00`,
    windowEnd: `${shanghaiDay}T${window[1]}:00+08:00`,
    materials,
    note: index === 0 ? '客户下午 3 点后不在家' : null,
  });
  const dispatched = await admin('POST', `/api/work-orders/${order.id}/dispatch`, { outletId: zhao.outletId, technicianId: zhao.id });
  console.log('order', dispatched.number, dispatched.status, dispatched.technicianName);
  return dispatched;
}

const first = await orderFor(0, ['09:00', '11:00'], [{ name: '压缩机启动电容 35μF', partCode: 'CAP-35', quantity: 1 }, { name: 'R32 冷媒', partCode: 'R32-1KG', quantity: 1 }]);
const second = await orderFor(1, ['13:00', '15:00'], []);
await orderFor(2, ['15:30', '17:30'], []);

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-dev-shm-usage'] });
const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'zh-CN', geolocation: { latitude: 31.2005, longitude: 121.5902 }, permissions: ['geolocation'] });
const page = await context.newPage();
const errors = [];
page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
page.on('pageerror', (error) => errors.push(String(error)));
const shot = async (name, fullPage = false) => {
  await page.waitForTimeout(300);
  await page.screenshot({ path: `${OUT}/${name}.png`, fullPage });
  console.log('shot', name);
};

await page.goto(`${BASE}/m`);
await page.getByTestId('m-login-submit').waitFor();
await shot('m-login');
await page.getByTestId('m-username').locator('input').fill('tech.zhao');
await page.getByTestId('m-password').locator('input').fill(PASSWORD);
await page.getByTestId('m-login-submit').click();
await page.getByTestId('m-order-card').first().waitFor();
await shot('m-list');

await page.getByTestId('m-order-card').filter({ hasText: first.number }).click();
await page.getByTestId('m-step-accept').waitFor();
await shot('m-order-dispatched', true);
await page.getByTestId('m-step-accept').click();
await page.getByTestId('m-step-on_the_way').click();
await page.getByTestId('m-step-arrived').click();
await page.getByTestId('m-step-start').click();
await page.getByTestId('m-report').waitFor();
await page.getByTestId('m-diagnosis').locator('textarea').first().fill('外机压缩机无法启动，启动电容容量不足');
await page.getByTestId('m-actual-fault').locator('input').fill('压缩机启动电容损坏');
await page.getByTestId('m-work-done').locator('textarea').first().fill('更换启动电容，补充冷媒，试机制冷正常');
await page.getByTestId('m-add-part').click();
const part = page.getByTestId('m-part').first().locator('input');
await part.nth(0).fill('启动电容 35μF');
await part.nth(1).fill('CAP-35');
await part.nth(2).fill('1');
await part.nth(3).fill('35.5');
await page.getByTestId('m-labour-minutes').locator('input').fill('45');
await page.getByTestId('m-labour-fee').locator('input').fill('80');
await page.getByTestId('m-fee-collected').locator('input').fill('100');
await page.getByTestId('m-fee-reason').waitFor();
await page.getByTestId('m-fee-reason').locator('input').fill('老客户优惠，免收部分人工费');
await page.getByTestId('m-report').scrollIntoViewIfNeeded();
await shot('m-report');
await page.getByTestId('m-step-report').click();
await page.waitForTimeout(800);

const canvas = page.getByTestId('m-signature-canvas');
await canvas.scrollIntoViewIfNeeded();
const box = await canvas.boundingBox();
await page.mouse.move(box.x + 30, box.y + 120);
await page.mouse.down();
for (let i = 0; i <= 40; i += 1) await page.mouse.move(box.x + 30 + i * 7, box.y + 120 - Math.sin(i / 3) * 40);
await page.mouse.up();
await page.mouse.move(box.x + 120, box.y + 40);
await page.mouse.down();
await page.mouse.move(box.x + 160, box.y + 160, { steps: 10 });
await page.mouse.up();
await shot('m-signature');
await page.getByTestId('m-signature-confirm').click();
await page.getByTestId('m-signed').waitFor();
await page.getByTestId('m-step-complete').click();
await page.getByTestId('m-receipt-link').waitFor({ timeout: 8000 }).catch(async (error) => {
  await page.screenshot({ path: `${OUT}/m-failed.png`, fullPage: true });
  console.log(await page.getByTestId('m-rejected').allTextContents());
  throw error;
});
await page.evaluate(() => window.scrollTo(0, 0));
await shot('m-completed', true);

// Dropped connection: the step stays 待同步 and goes out once the phone is back online.
await page.goto(`${BASE}/m/orders/${second.id}`);
await page.getByTestId('m-step-accept').waitFor();
await context.setOffline(true);
await page.getByTestId('m-step-accept').click();
await page.getByTestId('m-pending').waitFor();
await shot('m-offline');
await context.setOffline(false);
await page.getByTestId('m-pending').waitFor({ state: 'detached', timeout: 30_000 });
await page.getByTestId('m-step-on_the_way').click();
await page.getByTestId('m-step-not_completed').click();
await page.getByText('带回维修').click();
await page.getByTestId('m-nc-unit').locator('input').fill('燃气热水器 JSQ25 整机');
await page.getByTestId('m-nc-condition').locator('input').fill('外壳轻微划痕，无配件');
await shot('m-not-completed');
await page.getByTestId('m-nc-submit').click();
await page.getByTestId('m-workshop-receipt').waitFor();
await page.evaluate(() => window.scrollTo(0, 0));
await shot('m-workshop-receipt');

await page.goto(`${BASE}/m`);
await page.getByTestId('m-order-card').first().waitFor();
await shot('m-list-after');

// The receipt: on the phone, on a desktop and as printed.
await page.goto(`${BASE}/print/receipt/${first.id}`);
await page.getByTestId('receipt-sheet').waitFor();
await page.waitForTimeout(600);
await shot('receipt-phone', true);
const desktop = await browser.newContext({ viewport: { width: 1100, height: 1400 }, locale: 'zh-CN' });
const desk = await desktop.newPage();
desk.on('pageerror', (error) => errors.push(String(error)));
await desk.goto(`${BASE}/login`);
await desk.locator('#login_username').fill('admin');
await desk.locator('#login_password').fill('Admin12345pw');
await desk.locator('button[type=submit]').click();
await desk.waitForURL((url) => !url.pathname.startsWith('/login'));
await desk.goto(`${BASE}/print/receipt/${first.id}`);
await desk.getByTestId('receipt-sheet').waitFor();
await desk.waitForTimeout(600);
await desk.screenshot({ path: `${OUT}/receipt-a4.png`, fullPage: true });
await desk.emulateMedia({ media: 'print' });
await desk.screenshot({ path: `${OUT}/receipt-print.png`, fullPage: true });
await desk.pdf?.({ path: `${OUT}/receipt.pdf`, format: 'A4' }).catch(() => {});
await desk.emulateMedia({ media: 'screen' });
await desk.goto(`${BASE}/print/receipt/${second.id}`);
await desk.getByTestId('receipt-workshop').waitFor();
await desk.screenshot({ path: `${OUT}/receipt-workshop.png`, fullPage: true });
await desk.goto(`${BASE}/workshop`);
await desk.getByTestId('workshop-out').first().waitFor();
await desk.screenshot({ path: `${OUT}/workshop.png` });
await desk.getByTestId('workshop-out').first().click();
await desk.locator('.ant-modal textarea').fill('客户到店取回');
await desk.locator('.ant-modal .ant-btn-primary').click();
await desk.waitForTimeout(1500);
await desk.screenshot({ path: `${OUT}/workshop-after-out.png` });
console.log('errors', JSON.stringify(errors, null, 1));
await browser.close();
