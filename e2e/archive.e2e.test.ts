import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { ADMIN, clickMenu, newWatchedPage, openBrowserSession, pageApi, screenshot, screenshotIfFailed, shanghaiDateFromNow, signInAndWait, suiteNow, type BrowserSession, type RunningServer, type SuiteClock } from './harness';

/** Shanghai calendar day `days` ago (of the suite's clock), YYYY-MM-DD. */
const shanghaiDay = (daysAgo: number) => shanghaiDateFromNow(-daysAgo);

/**
 * The suite runs at a fixed moment, whatever the machine's date, hour or zone: half past midnight
 * of New Year's Day 2027 in Shanghai, while the browser (UTC) is still on 2026-12-31 and the
 * server's own zone (Los Angeles) in the morning of that day — the Shanghai business date, the
 * browser's calendar and the server's local date all differ, and 2027 has no holiday data yet.
 * E2E_NOW=<instant> E2E_TZ=<zone> runs it at another moment (scripts/e2e-any-hour.mjs runs a sweep).
 */
const ARCHIVE_CLOCK: SuiteClock = { now: '2026-12-31T16:30:00Z', timeZone: 'America/Los_Angeles' };

/**
 * The customer and asset archive against the real server: a category and model made through
 * the API, then in the UI a customer with a Shanghai address, an asset with its warranty, and
 * the global search box finding the customer by the last four digits of the phone.
 */
describe('customer and asset archive', () => {
  let session: BrowserSession;
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  const suffix = Date.now().toString(36).slice(-5).toUpperCase();
  const phone = `139${String(Date.now()).slice(-8)}`;
  const lastFour = phone.slice(-4);
  const customerName = `张明远${suffix.slice(-2)}`;
  const modelCode = `KFR-35GW-${suffix}`;
  const serial = `SN${suffix}001`;
  let customerUrl = '';
  let assetUrl = '';

  const menu = (label: string) => clickMenu(page, label);

  /** A JSON call with the admin's session from inside the page. */
  const apiCall = <T,>(method: string, path: string, body?: unknown) => pageApi<T>(page, method, path, body);

  beforeAll(async () => {
    session = await openBrowserSession({ signIn: ADMIN, clock: ARCHIVE_CLOCK });
    ({ server, browser, page, problems } = session);
  });

  afterEach((test) => screenshotIfFailed(page, 'archive', test));

  afterAll(() => session?.close());

  it('runs at the suite clock in the browser and on the server', async () => {
    const browserNow = await page.evaluate(() => Date.now());
    const sessions = await apiCall<{ items: { createdAt: string }[] }>('GET', '/api/auth/sessions');
    const signedInAt = Date.parse(sessions.body.items[0].createdAt); // the server's clock at the sign-in of beforeAll
    for (const at of [browserNow, signedInAt]) expect(Math.abs(at - suiteNow().getTime())).toBeLessThan(5 * 60_000);
  });

  it('creates a category with a policy and a model through the API, shown on the products page', async () => {
    const category = await apiCall<{ id: string }>('POST', '/api/product-categories', {
      code: `AC${suffix}`,
      name: '家用空调',
      policy: { warrantyMonths: 36, coversParts: true, coversLabour: true, coversOnSite: true, maintenanceIntervalMonths: 12, sanbao: { refundDays: 7, exchangeDays: 15, maxRepairsSameFault: 2 } },
    });
    expect(category.status).toBe(201);
    const model = await apiCall<{ id: string }>('POST', '/api/product-models', { categoryId: category.body.id, brand: '格力', modelCode, name: '云佳 1.5 匹挂机', specs: { 制冷量: '3500W' } });
    expect(model.status).toBe(201);

    await menu('产品');
    await page.waitForURL(/\/products$/);
    await page.locator('.ant-tree-node-content-wrapper', { hasText: '家用空调' }).click();
    await page.locator('.ant-table-row', { hasText: modelCode }).waitFor();
    await page.getByText('36 个月', { exact: true }).waitFor();
    // the policy is edited in the UI: maintenance every 6 months instead of 12
    await page.getByTestId('edit-policy').click();
    const dialog = page.locator('.ant-modal', { has: page.locator('#policy-form') });
    await dialog.locator('#policy-form_maintenanceIntervalMonths').fill('6');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    await page.getByText('6 个月', { exact: true }).waitFor();
    await screenshot(page, 'archive-01-products');
  });

  it('creates a customer with a phone and a Shanghai address', async () => {
    await menu('客户');
    await page.waitForURL(/\/customers$/);
    await page.getByRole('button', { name: /新建客户/ }).click();
    await page.locator('#customer-form_name').fill(customerName);
    await page.getByTestId('phone-0').fill(phone);
    await page.getByTestId('add-address').click();
    await page.getByTestId('region-0').click();
    await page.locator('.ant-cascader-menu-item', { hasText: '上海市' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '市辖区' }).click();
    await page.locator('.ant-cascader-menu-item', { hasText: '浦东新区' }).click();
    await page.getByTestId('address-detail-0').fill('世纪大道 100 号 8 楼');
    await screenshot(page, 'archive-02-customer-form');
    await page.getByTestId('customer-save').click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    customerUrl = page.url();
    await page.getByTestId('customer-name').getByText(customerName).waitFor();
    await page.getByText('上海市浦东新区世纪大道 100 号 8 楼').first().waitFor();
    expect(await page.getByTestId('customer-phone').first().innerText()).toBe(phone);
    await page.getByText('服务记录', { exact: true }).waitFor(); // the history panel (tickets fill it once that module is in)
    await screenshot(page, 'archive-03-customer-detail');
  });

  it('registers an asset for the customer and shows it in warranty', async () => {
    await page.getByTestId('register-asset').click();
    const form = page.locator('.ant-drawer', { has: page.locator('#asset-form') });
    await form.locator('#asset-form_modelId').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: modelCode }).click();
    await form.locator('#asset-form_serialNumber').fill(serial);
    await form.locator('#asset-form_purchaseDate').click();
    await form.locator('#asset-form_purchaseDate').fill(shanghaiDay(100));
    await form.locator('#asset-form_purchaseDate').press('Enter');
    await expect.poll(() => form.locator('#asset-form_purchaseDate').inputValue()).toBe(shanghaiDay(100));
    // the install address was taken from the customer's default address
    await expect.poll(() => form.locator('#asset-form_installDetail').inputValue()).toBe('世纪大道 100 号 8 楼');
    await screenshot(page, 'archive-04-asset-form');
    const created = page.waitForResponse((response) => response.url().endsWith('/api/assets') && response.request().method() === 'POST');
    await page.getByTestId('asset-save').click();
    expect((await created).status()).toBe(201);
    await page.waitForURL(/\/assets\/[0-9a-f-]{36}$/);
    assetUrl = page.url();
    await page.getByTestId('asset-serial').getByText(serial).waitFor();
    const tags = page.getByTestId('warranty-tag');
    await tags.first().waitFor();
    expect(await tags.first().innerText()).toBe('在保');
    expect((await page.getByTestId('warranty-basis').innerText()).length).toBeGreaterThan(4);
    await screenshot(page, 'archive-05-asset-detail');

    await menu('设备档案');
    await page.waitForURL(/\/assets$/);
    await page.locator('.ant-table-row', { hasText: serial }).getByText('在保').waitFor();
    await screenshot(page, 'archive-06-assets');
  });

  it('checks the warranty of the serial number from the assets page', async () => {
    await page.getByTestId('warranty-check').click();
    const dialog = page.locator('.ant-modal', { has: page.locator('#warranty-check') });
    await dialog.locator('#warranty-check_serialNumber').fill(serial.toLowerCase());
    await dialog.getByRole('button', { name: /查\s*询/ }).click();
    await dialog.getByTestId('warranty-tag').getByText('在保').waitFor();
    expect(await dialog.getByText(customerName).count()).toBe(1);
    await screenshot(page, 'archive-07-warranty-check');
    await dialog.locator('.ant-modal-close').click();
  });

  it('warns about a phone that belongs to the customer already and offers the existing one', async () => {
    await menu('客户');
    await page.waitForURL(/\/customers$/);
    await page.getByRole('button', { name: /新建客户/ }).click();
    await page.locator('#customer-form_name').fill(`${customerName}（重复）`);
    await page.getByTestId('phone-0').fill(`${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}`);
    await page.getByTestId('customer-save').click();
    await page.locator('#customer-form_phones_0_phone_help').getByText('该号码已属于其他客户').waitFor();
    const warning = page.getByTestId('duplicate-warning');
    await warning.getByText(customerName, { exact: false }).first().waitFor();
    await warning.getByTestId('create-anyway').waitFor();
    await screenshot(page, 'archive-08-duplicate-phone');
    await warning.getByRole('button', { name: '打开已有客户' }).click();
    await page.waitForURL(customerUrl);
    await page.getByTestId('customer-name').getByText(customerName).waitFor();
  });

  it('finds the customer with the global search box by the last four digits of the phone', async () => {
    await menu('首页');
    const box = page.getByLabel('搜索客户、电话、序列号');
    await box.click();
    await box.pressSequentially(lastFour, { delay: 30 });
    const hit = page.locator('.ant-select-dropdown:visible').getByTestId('search-hit-customer').filter({ hasText: customerName });
    await hit.waitFor();
    await screenshot(page, 'archive-09-search');
    await box.press('Enter');
    await page.waitForURL(customerUrl);
    await page.getByTestId('customer-name').getByText(customerName).waitFor();
  });

  it('edits the customer: a tag and a note', async () => {
    await page.getByRole('button', { name: /编\s*辑/ }).click();
    const tags = page.locator('#customer-form_tags');
    await tags.click();
    await tags.pressSequentially('老客户');
    await tags.press('Enter');
    await page.locator('#customer-form_notes').fill('周末上门需提前一天电话确认');
    await page.getByTestId('customer-save').click();
    await page.getByRole('heading').getByText('老客户').waitFor();
    await page.locator('#root').getByText('周末上门需提前一天电话确认').waitFor();
    expect(await page.getByTestId('customer-phone').first().innerText()).toBe(phone);
  });

  it('sets key-customer status with a reason and records a yearly revenue in yuan', async () => {
    await page.getByTestId('key-status').click();
    const dialog = page.locator('.ant-modal', { has: page.locator('#key-form') });
    await dialog.locator('#key-form_reason').fill('年度框架采购合同客户');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByRole('heading').getByText('重点客户').waitFor();
    await page.locator('#revenue-form_amount').fill('5000000');
    await page.getByRole('button', { name: '记录营业额' }).click();
    await page.getByText('¥5,000,000.00').waitFor();
    await page.getByText('手工设定').waitFor();
    await screenshot(page, 'archive-10-key-customer');
  });

  it('overrides the warranty end with a reason', async () => {
    await page.goto(assetUrl);
    await page.getByTestId('warranty-override').click();
    const dialog = page.locator('.ant-modal', { has: page.locator('#override-form') });
    const end = dialog.locator('#override-form_warrantyEnd');
    await end.click();
    await end.fill(shanghaiDay(1));
    await end.press('Enter');
    await expect.poll(() => end.inputValue()).toBe(shanghaiDay(1));
    await dialog.locator('#override-form_reason').fill('设备曾被非授权网点拆修，经主管确认提前结束保修');
    await dialog.getByRole('button', { name: /保\s*存/ }).click();
    const tag = page.getByTestId('warranty-tag').first();
    await expect.poll(() => tag.innerText()).toContain('人工调整');
    expect(await tag.innerText()).toContain('过保');
    await screenshot(page, 'archive-11-warranty-override');
  });

  it('shows masked phones to a supervisor, who may reveal them but not edit', async () => {
    const username = `qc${suffix.toLowerCase()}`;
    const created = await apiCall('POST', '/api/users', { username, displayName: '质检员小刘', roles: ['supervisor'], password: 'Super12345pw' });
    expect(created.status).toBe(201);
    const { context: other, page: qc, problems: qcProblems } = await newWatchedPage(browser);
    try {
      await signInAndWait(qc, server.baseUrl, username, 'Super12345pw');
      await qc.goto(customerUrl);
      const shown = qc.getByTestId('customer-phone').first();
      await shown.waitFor();
      expect(await shown.innerText()).toBe(`${phone.slice(0, 3)}****${phone.slice(-4)}`);
      expect(await qc.getByRole('button', { name: /编\s*辑/ }).count()).toBe(0);
      expect(await qc.getByTestId('register-asset').count()).toBe(0);
      await screenshot(qc, 'archive-12-supervisor-masked');
      await qc.getByTestId('reveal-phones').click();
      await expect.poll(() => shown.innerText()).toBe(phone);
      expect(await qc.getByTestId('reveal-phones').count()).toBe(0);
      expect(qcProblems.filter((text) => !/status of 4\d\d/.test(text))).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('merges a second record of the same person into the customer', async () => {
    const otherPhone = `137${String(Date.now()).slice(-8)}`;
    const duplicate = await apiCall<{ id: string }>('POST', '/api/customers', { kind: 'person', name: `${customerName}（旧档）`, phones: [{ phone: otherPhone }] });
    expect(duplicate.status).toBe(201);
    await page.goto(`${server.baseUrl}/customers/${duplicate.body.id}`);
    await page.getByRole('button', { name: /合并到/ }).click();
    const dialog = page.locator('.ant-modal', { hasText: '合并到另一个客户' });
    await dialog.locator('.ant-select').click();
    await page.keyboard.type(customerName.slice(0, 3));
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: customerName }).click();
    await dialog.getByRole('button', { name: '下一步' }).click();
    const confirm = page.locator('.ant-modal-confirm');
    await confirm.getByText('不可撤销', { exact: false }).waitFor();
    await screenshot(page, 'archive-13-merge-confirm');
    await confirm.getByRole('button', { name: '确认合并' }).click();
    await page.waitForURL(customerUrl);
    await page.getByTestId('customer-phone').filter({ hasText: otherPhone }).waitFor();
    await screenshot(page, 'archive-13b-merged');
    expect(await page.getByTestId('customer-phone').allInnerTexts()).toEqual(expect.arrayContaining([phone, otherPhone]));
  });

  it('checks the import template in a dry run', async () => {
    await menu('客户');
    await page.waitForURL(/\/customers$/);
    await page.locator('.ant-table-row', { hasText: customerName }).waitFor();
    await screenshot(page, 'archive-14-customers');
    const download = page.waitForEvent('download');
    await page.getByTestId('customers-export').click();
    expect((await download).suggestedFilename()).toBe('客户.xlsx');
    await page.getByRole('button', { name: /导\s*入/ }).click();
    await page.waitForURL(/\/customers\/import$/);
    const template = await page.request.get(`${server.baseUrl}/api/archive/import-template.xlsx`);
    expect(template.status()).toBe(200);
    await page.locator('input[type=file]').setInputFiles({
      name: 'template.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await template.body(),
    });
    const dryRun = page.waitForResponse((response) => response.url().includes('/api/archive/import?dryRun=true'));
    await page.getByTestId('import-check').click();
    expect((await dryRun).status()).toBe(200);
    await page.getByText('行数').first().waitFor();
    await screenshot(page, 'archive-15-import-check');
  });

  it('shows the archive in English', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: /语言/ }).hover();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await page.goto(customerUrl);
    await page.getByText('Service history').waitFor();
    await page.getByText('Yearly revenue (CNY)').first().waitFor();
    await screenshot(page, 'archive-16-customer-en');
    await page.goto(`${server.baseUrl}/assets`);
    await page.locator('.ant-table-row', { hasText: serial }).getByText(/Out of warranty/).waitFor();
    // back to Chinese (saved per user) for the following steps
    expect((await apiCall('PATCH', '/api/auth/preferences', { locale: 'zh-CN' })).status).toBe(200);
    await page.reload();
    await page.getByText('设备档案').first().waitFor();
  });

  it('fits a phone-sized screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(customerUrl);
    await page.getByTestId('customer-name').waitFor();
    await screenshot(page, 'archive-17-phone-customer');
    // on a phone the header has a search button that opens the box in a dialog
    await page.getByRole('button', { name: '搜索客户、电话、序列号' }).click();
    const box = page.locator('.ant-modal').getByLabel('搜索客户、电话、序列号');
    await box.pressSequentially(lastFour, { delay: 30 });
    await page.locator('.ant-select-dropdown:visible').getByTestId('search-hit-customer').filter({ hasText: customerName }).waitFor();
    await screenshot(page, 'archive-18-phone-search');
    await box.press('Enter');
    await expect.poll(() => page.locator('.ant-modal:visible').count()).toBe(0);
    await page.setViewportSize({ width: 1366, height: 800 });
  });

  it('had no console errors', async () => {
    const relevant = problems.filter((text) => !/status of 4\d\d/.test(text));
    expect(relevant).toEqual([]);
  });
});
