import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN, clickMenu, DESKTOP, openBrowserSession, pageApi, screenshot, shanghaiDateFromNow, type BrowserSession } from './harness';

/** Shanghai calendar day `days` ago, YYYY-MM-DD. */
const shanghaiDay = (daysAgo: number) => shanghaiDateFromNow(-daysAgo);

/**
 * Service tickets against the real server: a customer with a product made through the API,
 * then in the UI the hotline form (search by the last 4 phone digits, product with warranty,
 * Ctrl+Enter), the read-back panel, the duplicate warning, the detail with a transition and a
 * customer-visible note on the timeline, and the list.
 */
describe('service tickets', () => {
  let session: BrowserSession;
  let page: Page;
  let problems: string[];
  const suffix = Date.now().toString(36).slice(-5).toUpperCase();
  const phone = `137${String(Date.now()).slice(-8)}`;
  const lastFour = phone.slice(-4);
  const customerName = `陈志强${suffix.slice(-2)}`;
  const serial = `SN${suffix}T01`;
  let ticketNumber = '';

  const menu = (label: string) => clickMenu(page, label);

  /** A JSON call with the admin's session from inside the page. */
  const apiCall = <T,>(method: string, path: string, body?: unknown) => pageApi<T>(page, method, path, body);

  beforeAll(async () => {
    session = await openBrowserSession({ context: { ...DESKTOP, viewport: { width: 1366, height: 900 } }, signIn: ADMIN });
    ({ page, problems } = session);
  });

  afterAll(() => session?.close());

  it('creates a customer with a product in warranty through the API', async () => {
    const category = await apiCall<{ id: string }>('POST', '/api/product-categories', {
      code: `WH${suffix}`,
      name: '燃气热水器',
      faultCodes: [
        { code: 'no_hot_water', name: '不出热水' },
        { code: 'flame_out', name: '点火后熄火' },
      ],
      policy: { warrantyMonths: 36, coversParts: true, coversLabour: true, coversOnSite: true, maintenanceIntervalMonths: 12, sanbao: { refundDays: 7, exchangeDays: 15, maxRepairsSameFault: 2 } },
    });
    expect(category.status).toBe(201);
    const model = await apiCall<{ id: string }>('POST', '/api/product-models', { categoryId: category.body.id, brand: '林内', modelCode: `JSQ-${suffix}`, name: '16 升恒温热水器' });
    expect(model.status).toBe(201);
    const customer = await apiCall<{ id: string }>('POST', '/api/customers', {
      kind: 'person',
      name: customerName,
      phones: [{ phone }],
      addresses: [{ provinceCode: '310000', cityCode: '310100', districtCode: '310115', detail: '张江路 88 弄 6 号 301 室', isDefault: true }],
    });
    expect(customer.status).toBe(201);
    const asset = await apiCall<{ id: string }>('POST', '/api/assets', {
      modelId: model.body.id,
      serialNumber: serial,
      customerId: customer.body.id,
      purchaseDate: shanghaiDay(200),
      salesChannel: 'store',
    });
    expect(asset.status).toBe(201);
  });

  it('registers a repair from the hotline form by the last 4 phone digits and reads the number back', async () => {
    await menu('登记来电');
    await page.waitForURL(/\/tickets\/new$/);
    const search = page.getByLabel('来电号码 / 姓名 / 序列号');
    await expect.poll(() => search.evaluate((node) => node === document.activeElement)).toBe(true); // autofocus
    await page.keyboard.type(lastFour);
    await page.getByTestId('hotline-hit-customer').filter({ hasText: customerName }).click();
    const card = page.getByTestId('hotline-customer');
    await card.getByText(`${customerName}（`).waitFor();
    await card.getByText('上海市浦东新区张江路 88 弄 6 号 301 室').waitFor();
    const assetRow = page.getByTestId(`asset-${serial}`);
    await assetRow.getByText('在保').waitFor();
    await assetRow.click();
    expect(await page.locator('#ticket-form_contactPhone').inputValue()).toBe(phone);
    await page.getByTestId('hotline-type').getByText('维修', { exact: true }).click();
    // the product's category has a fault list: the fault category is picked from it
    await page.getByTestId('hotline-fault-code').click();
    await page.locator('.ant-select-item-option', { hasText: '不出热水' }).click();
    await page.getByTestId('hotline-description').fill('打开热水龙头后点火几秒就熄火，已检查燃气阀门正常。');
    // Enter in a middle field does not submit
    await page.locator('#ticket-form_contactName').press('Enter');
    await page.waitForTimeout(300);
    expect(page.url()).toMatch(/\/tickets\/new$/);
    await screenshot(page, 'tickets-01-hotline-form');

    await page.getByTestId('hotline-description').press('Control+Enter');
    const script = page.getByTestId('hotline-script');
    await script.waitFor();
    const text = await script.innerText();
    const match = /您的服务单号是 (SH\d{8}-\d{4})，我们将在 (\d{1,2})月(\d{1,2})日 (\d{2}):(\d{2}) 前与您联系/.exec(text);
    expect(match, text).not.toBeNull();
    ticketNumber = match![1];
    await screenshot(page, 'tickets-02-result');
  });

  it('warns about the open duplicate and opens the existing ticket', async () => {
    await page.getByTestId('hotline-again').click();
    await page.getByLabel('来电号码 / 姓名 / 序列号').fill(lastFour);
    await page.getByTestId('hotline-hit-customer').filter({ hasText: customerName }).click();
    await page.getByTestId(`asset-${serial}`).click();
    await page.getByTestId('hotline-description').fill('客户再次来电催促。');
    await page.getByTestId('hotline-submit').click();
    const warning = page.getByTestId('duplicate-ticket');
    await warning.getByText(ticketNumber, { exact: false }).waitFor();
    await screenshot(page, 'tickets-03-duplicate');
    await warning.getByRole('button', { name: '打开已有工单' }).click();
    await page.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    await page.getByTestId('ticket-number').getByText(ticketNumber).waitFor();
  });

  it('assesses the ticket in the UI: fault code from the category, no exclusions → 无偿 with the 三包 remedies; the SLA clocks', async () => {
    await page.getByTestId('ticket-status').getByText('已受理').waitFor();
    const clocks = page.getByTestId('sla-clocks');
    await clocks.getByText('响应').waitFor();
    await clocks.getByText('解决').waitFor();
    await page.getByTestId('clock-left-resolution').getByText(/^剩 /).waitFor();
    await screenshot(page, 'tickets-assess-1-before');

    await page.getByTestId('assess-open').click();
    const drawer = page.locator('.assess-drawer');
    await drawer.getByText('性能故障').click();
    await drawer.getByTestId('assess-fault-code').click();
    await page.locator('.ant-select-item-option', { hasText: '点火后熄火（flame_out）' }).click();
    await drawer.locator('#ticket-assessment_impact').getByText('高', { exact: true }).click();
    expect(await drawer.locator('input[type=checkbox]:checked').count()).toBe(0); // exclusions: none
    await screenshot(page, 'tickets-assess-2-form');
    await drawer.getByTestId('assess-submit').click();

    const result = page.getByTestId('assessment-result');
    await result.getByTestId('assessment-charge').getByText('无偿').waitFor();
    await page.getByTestId('ticket-status').getByText('已评估').waitFor();
    const remedies = result.getByTestId('assessment-remedies');
    expect(await remedies.locator('.ant-tag').count()).toBeGreaterThan(0);
    expect(await result.locator('[data-recommended=true]').count()).toBe(1);
    expect((await result.getByTestId('assessment-sanbao-reason').innerText()).length).toBeGreaterThan(4);
    await result.getByText('点火后熄火（flame_out）', { exact: false }).waitFor();
    const timeline = page.getByTestId('ticket-timeline');
    await timeline.getByTestId('event-assessed').getByText('完成评估').waitFor();
    await screenshot(page, 'tickets-assess-3-result');
  });

  it('overrides the 三包 remedy with a reason and records a same-day commitment', async () => {
    await page.getByTestId('sanbao-override').click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '调整三包处理' });
    await dialog.getByText('换货', { exact: true }).click();
    await dialog.getByTestId('sanbao-override-reason').fill('客户为老客户，经理同意换货');
    await dialog.getByRole('button', { name: /确\s*定/ }).click();
    const override = page.getByTestId('assessment-override');
    await override.getByText(/客户为老客户，经理同意换货/).waitFor();
    await page.getByTestId('ticket-timeline').getByText('调整三包处理').waitFor();

    await page.getByTestId('same-day-open').click();
    const sameDay = page.locator('.ant-modal').filter({ hasText: '承诺解决时间' });
    await sameDay.getByTestId('same-day-reason').fill('需要厂家寄送点火针，明天上午上门更换');
    await sameDay.getByRole('button', { name: /确\s*定/ }).click();
    await page.getByTestId('same-day-commitment').getByText('需要厂家寄送点火针，明天上午上门更换').waitFor();
    await screenshot(page, 'tickets-assess-5-override-sameday');
  });

  it('adds a customer-visible note on the timeline', async () => {
    const timeline = page.getByTestId('ticket-timeline');
    await page.getByTestId('note-text').fill('已预约明天上午上门，请保持电话畅通。');
    await page.getByTestId('note-visible').check();
    await page.getByTestId('note-submit').click();
    const note = timeline.getByTestId('event-note').filter({ hasText: '已预约明天上午上门' });
    await note.getByText('客户可见').waitFor();
    // the next transitions from 已评估 are offered, the one just taken is not
    await page.getByTestId('transition-dispatched').waitFor();
    expect(await page.getByTestId('transition-assessed').count()).toBe(0);
    await screenshot(page, 'tickets-04-detail');
  });

  it('lists the ticket with its status', async () => {
    await menu('服务工单');
    await page.waitForURL(/\/tickets$/);
    const row = page.locator('.ant-table-row', { hasText: ticketNumber });
    await row.getByText('已评估').waitFor();
    await row.getByText('维修').waitFor();
    await row.getByText(customerName).waitFor();
    await screenshot(page, 'tickets-05-list');
    // the workspace queues: counts, and 未派工 lists the (not yet dispatched) ticket
    await page.getByTestId('queue-count-open').waitFor();
    await page.getByTestId('queue-unassigned').click();
    await page.locator('.ant-table-row', { hasText: ticketNumber }).waitFor();
    await screenshot(page, 'tickets-assess-4-queues');
    await page.getByTestId('queue-all').click();
    await page.getByPlaceholder('单号 / 描述').fill(ticketNumber);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await expect.poll(() => page.locator('.ant-table-row').count()).toBe(1);
  });

  it('shows the unresolved report, the SLA settings and the customer history', async () => {
    await menu('当日未解决');
    await page.waitForURL(/\/reports\/unresolved$/);
    await page.locator('.ant-table-row', { hasText: ticketNumber }).getByText('需要厂家寄送点火针，明天上午上门更换').waitFor();
    await screenshot(page, 'tickets-assess-6-unresolved');

    await menu('时限管理');
    await page.waitForURL(/\/sla$/);
    await page.getByTestId('sla-year').waitFor();
    await page.locator('.ant-alert').first().waitFor();
    await screenshot(page, 'tickets-assess-7-sla-calendar');
    await page.getByRole('tab', { name: '时限策略' }).click();
    await page.getByTestId('sla-policy-new').waitFor();
    await screenshot(page, 'tickets-assess-8-sla-policies');

    await menu('服务工单');
    await page.locator('.ant-table-row', { hasText: ticketNumber }).getByRole('link', { name: customerName }).click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}$/);
    await page.getByTestId('ticket-history').getByText(ticketNumber).waitFor();
    await screenshot(page, 'tickets-assess-9-customer-history');
  });

  it('had no console errors or CSP violations (besides the expected 409)', () => {
    const relevant = problems.filter((text) => !/status of 4\d\d/.test(text));
    expect(relevant).toEqual([]);
  });
});
