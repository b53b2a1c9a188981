import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN_PASSWORD, apiSession, clickMenu, launchBrowser, newWatchedPage, screenshot, screenshotIfFailed, shanghaiDateFromNow, signInAndWait, startServer, type ApiCall, type ContextOptions, type RunningServer } from './harness';

/**
 * The spare parts journey of issue 11 against the real server, in real browsers: set-up through
 * the API (outlet, technician with a personal stock, the central warehouse holding a start
 * capacitor that fits the unit's model, an out-of-warranty unit, an assessed repair ticket with a
 * visit tomorrow dispatched to the technician); then the dispatcher requests the part on the work
 * order page, the parts keeper issues it on 领料单, the technician uses it on the phone in the
 * report (priced at its sale price) and completes, the stock page and the ledger show it, and the
 * receipt lists it with its price.
 *
 * Nothing depends on the day or the hour it runs: dates are relative to the run (the visit is
 * tomorrow 09:00–12:00 Shanghai time, the certificate a year ahead, the purchase 3,000 days ago)
 * and the browsers run in UTC while the app shows Shanghai times.
 */
describe('parts journey: request → issue → used on the phone → stock, ledger, receipt', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiCall;
  const contexts: BrowserContext[] = [];
  const consoles = new Map<Page, string[]>();
  let current: Page | undefined;

  const suffix = Date.now().toString(36).slice(-5).toUpperCase();
  const password = 'Parts12345pw';
  const users = { dispatcher: `pdisp${suffix.toLowerCase()}`, keeper: `pkeep${suffix.toLowerCase()}`, tech: `ptech${suffix.toLowerCase()}` };
  const techName = '赵师傅';
  const partNumber = `CAP-${suffix}`;
  const partName = '压缩机启动电容 35μF';
  const tomorrow = shanghaiDateFromNow(1);
  let workOrderId = '';
  let workOrderNumber = '';
  let technicianStockName = '';

  async function newPage(options: ContextOptions): Promise<Page> {
    const { context, page, problems } = await newWatchedPage(browser, { locale: 'zh-CN', timezoneId: 'UTC', ...options });
    contexts.push(context);
    consoles.set(page, problems);
    current = page;
    return page;
  }
  const consoleErrors = (page: Page) => (consoles.get(page) ?? []).filter((line) => !/status of 4\d\d/.test(line));
  const ok = <T,>(result: { status: number; body: T }, status = 201): T => {
    expect(result.status, JSON.stringify(result.body)).toBe(status);
    return result.body;
  };

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await apiSession(server.baseUrl, 'admin', ADMIN_PASSWORD);
  });
  afterEach(async (test) => screenshotIfFailed(current, 'parts', test));
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('sets up through the API: outlet, technician with a stock, central stock of a fitting part, a dispatched visit', async () => {
    const outlet = ok(
      await admin<{ id: string }>('POST', '/api/outlets', {
        code: `PT-${suffix}`,
        name: `浦东备件网点${suffix.slice(-2)}`,
        kind: 'own',
        phone: '021-50800001',
        address: '上海市浦东新区张江路 501 号',
        districtCode: '310115',
        latitude: 31.21,
        longitude: 121.58,
        serviceDistricts: ['310115'],
        dailyCapacity: { repair: 20 },
        workStartMinute: 8 * 60,
        workEndMinute: 18 * 60,
      }),
    );
    const category = ok(
      await admin<{ id: string }>('POST', '/api/product-categories', {
        code: `PAC${suffix}`,
        name: '分体空调',
        faultCodes: [{ code: 'no_cooling', name: '不制冷' }],
        policy: { warrantyMonths: 12, coversParts: true, coversLabour: true, coversOnSite: true, maintenanceIntervalMonths: 12, sanbao: { refundDays: 7, exchangeDays: 15, maxRepairsSameFault: 2 } },
      }),
    );
    const model = ok(await admin<{ id: string }>('POST', '/api/product-models', { categoryId: category.id, brand: '格力', modelCode: `KFR-26GW-${suffix}`, name: '1 匹定频挂机' }));
    const phone = `137${String(Date.now()).slice(-8)}`;
    const customer = ok(
      await admin<{ id: string }>('POST', '/api/customers', {
        kind: 'person',
        name: `钱文静${suffix.slice(-2)}`,
        phones: [{ phone }],
        addresses: [{ provinceCode: '310000', cityCode: '310100', districtCode: '310115', detail: '科苑路 88 号 2 号楼 301 室', latitude: 31.205, longitude: 121.59, isDefault: true }],
      }),
    );
    // bought long ago: out of warranty, so the part is charged at its sale price
    const asset = ok(await admin<{ id: string }>('POST', '/api/assets', { modelId: model.id, serialNumber: `SN${suffix}P01`, customerId: customer.id, purchaseDate: shanghaiDateFromNow(-3000), salesChannel: 'store' }));

    const createUser = async (username: string, displayName: string, roles: string[], outletId: string | null = null) =>
      ok(await admin<{ user: { id: string } }>('POST', '/api/users', { username, displayName, roles, outletId, password })).user.id;
    await createUser(users.dispatcher, '派工员老周', ['dispatcher']);
    await createUser(users.keeper, '仓管小孙', ['parts_keeper']);
    const techUserId = await createUser(users.tech, techName, ['technician'], outlet.id);
    const technician = ok(
      await admin<{ id: string }>('POST', '/api/technicians', {
        userId: techUserId,
        outletId: outlet.id,
        phone: '13900002222',
        grade: 'senior',
        skills: [{ categoryId: category.id, workType: 'repair' }],
        workingDays: [1, 2, 3, 4, 5, 6, 7],
        workStartMinute: 8 * 60,
        workEndMinute: 18 * 60,
        baseLatitude: 31.21,
        baseLongitude: 121.585,
      }),
    );
    ok(await admin('POST', `/api/technicians/${technician.id}/certifications`, { kind: 'work_permit', number: `SG-${suffix}`, expiresOn: shanghaiDateFromNow(365) }));

    const central = ok(await admin<{ id: string }>('POST', '/api/parts/warehouses', { code: `ZC-${suffix}`, name: `总仓${suffix.slice(-2)}`, level: 'central' }));
    ok(await admin('POST', '/api/parts/warehouses', { code: `WD-${suffix}`, name: `张江网点仓${suffix.slice(-2)}`, level: 'outlet', outletId: outlet.id }));
    technicianStockName = `${techName}随身库`;
    ok(await admin('POST', '/api/parts/warehouses', { code: `JS-${suffix}`, name: technicianStockName, level: 'technician', outletId: outlet.id, technicianId: technician.id }));
    const part = ok(await admin<{ id: string }>('POST', '/api/parts', { partNumber, name: partName, kind: 'common', unit: 'piece', isSerialTracked: false, mustReturnOldPart: false, costFen: 6000, salePriceFen: 12800, modelIds: [model.id] }));
    ok(await admin('POST', '/api/parts/receipts', { warehouseId: central.id, reference: '供应商送货单 P-001', lines: [{ partId: part.id, quantity: 5 }] }));

    const created = ok(await admin<{ ticket: { id: string; status: string } }>('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: customer.id, assetId: asset.id, description: '空调不制冷，外机不启动', contactPhone: phone, allowDuplicate: true }));
    expect(ok(await admin<{ status: string }>('PUT', `/api/tickets/${created.ticket.id}/assessment`, { faultClass: 'performance', faultCode: 'no_cooling', impact: 'medium', urgency: 'normal' }), 200).status).toBe('assessed');
    const workOrder = ok(
      await admin<{ id: string; number: string }>('POST', `/api/tickets/${created.ticket.id}/work-orders`, { type: 'repair', windowStart: `${tomorrow}T09:00:00+08:00`, windowEnd: `${tomorrow}T12:00:00+08:00` }),
    );
    workOrderId = workOrder.id;
    workOrderNumber = workOrder.number;
    const dispatched = await admin<{ status: string }>('POST', `/api/work-orders/${workOrderId}/dispatch`, { outletId: outlet.id, technicianId: technician.id });
    expect([200, 201], JSON.stringify(dispatched.body)).toContain(dispatched.status);
  });

  it('dispatcher: requests the part on the work order page (only parts fitting the unit’s model), from the central warehouse', async () => {
    const page = await newPage({ viewport: { width: 1366, height: 900 } });
    await signInAndWait(page, server.baseUrl, users.dispatcher, password);
    await page.goto(`${server.baseUrl}/work-orders/${workOrderId}`);
    const panel = page.getByTestId('work-order-parts');
    await panel.getByText('本单尚未申请备件').waitFor();
    await panel.getByTestId('wo-parts-request').click();
    const modal = page.locator('.ant-modal').filter({ hasText: `申请备件 · ${workOrderNumber}` });
    await modal.getByText('只列出适用于本单设备型号的备件').waitFor();
    await modal.getByTestId('wo-parts-source').click();
    await page.locator('.ant-select-item-option', { hasText: '总仓' }).click();
    await modal.getByTestId('wo-parts-part').click();
    await page.locator('.ant-select-item-option', { hasText: partNumber }).click();
    await screenshot(page, 'parts-01-request');
    await modal.getByTestId('wo-parts-submit').click();
    await modal.waitFor({ state: 'hidden' });
    await panel.getByTestId('wo-requisition-requested').waitFor();
    expect(await panel.innerText()).toContain(`${partNumber} ${partName} × 1`);
    await panel.getByTestId('wo-parts-readiness').getByText('备件待发放').waitFor();
    await screenshot(page, 'parts-02-requested');
    expect(consoleErrors(page)).toEqual([]);
  });

  it('parts keeper: issues the requisition to the technician on 领料单', async () => {
    const page = await newPage({ viewport: { width: 1366, height: 900 } });
    await signInAndWait(page, server.baseUrl, users.keeper, password);
    await clickMenu(page, '领料单');
    const row = page.locator('.ant-table-row', { hasText: partNumber });
    await row.getByText('待发放').waitFor();
    await row.getByTestId('requisition-issue').click();
    await row.getByText('已发放').waitFor();
    await screenshot(page, 'parts-03-issued');
    expect(consoleErrors(page)).toEqual([]);
  });

  it('technician on a phone: sees the issued part, uses it in the report (¥128.00) and completes', async () => {
    const m = await newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, geolocation: { latitude: 31.2052, longitude: 121.5901 }, permissions: ['geolocation'] });
    await m.goto(`${server.baseUrl}/m`);
    await m.getByTestId('m-username').locator('input').fill(users.tech);
    await m.getByTestId('m-password').locator('input').fill(password);
    await m.getByTestId('m-login-submit').click();
    await m.getByTestId('m-technician').getByText(techName, { exact: false }).waitFor();
    // 我的备件: the issued part is in the technician's own stock
    await m.getByTestId('m-parts-link').click();
    await m.getByTestId('m-my-parts').waitFor();
    await m.getByTestId('m-stock-row').filter({ hasText: partName }).getByText('可用 1').waitFor();
    await screenshot(m, 'parts-04-m-my-parts');

    await m.goto(`${server.baseUrl}/m/orders/${workOrderId}`);
    const orderParts = m.getByTestId('m-order-parts');
    await orderParts.getByTestId('m-requisition-issued').waitFor();
    await orderParts.getByText(`${partNumber} ${partName} × 1`).waitFor();
    for (const step of ['accept', 'on_the_way', 'arrived', 'start'] as const) {
      await m.getByTestId(`m-step-${step}`).click();
      await m.getByTestId(`m-step-${step}`).waitFor({ state: 'detached' });
    }
    await m.getByTestId('m-report').waitFor();
    await m.getByTestId('m-diagnosis').locator('textarea').first().fill('启动电容容量不足，压缩机无法启动');
    await m.getByTestId('m-work-done').locator('textarea').first().fill('更换启动电容，试机制冷正常');
    await m.getByTestId('m-use-parts').click();
    await m.locator('.m-popup').getByTestId('m-stock-row').filter({ hasText: partName }).click();
    const line = m.getByTestId('m-part-catalogue');
    await line.waitFor();
    expect(await line.innerText()).toContain(partNumber);
    await m.getByTestId('m-labour-minutes').locator('input').fill('30');
    await screenshot(m, 'parts-05-m-report');
    await m.getByTestId('m-step-report').click();
    const saved = m.getByTestId('m-saved-parts');
    await saved.getByText('¥128.00 × 1 = ¥128.00').waitFor();

    const canvas = m.getByTestId('m-signature-canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await m.mouse.move(box.x + 30, box.y + box.height * 0.6);
    await m.mouse.down();
    for (let i = 0; i <= 30; i += 1) await m.mouse.move(box.x + 30 + i * 8, box.y + box.height * 0.6 - Math.sin(i / 3) * 30);
    await m.mouse.up();
    await m.getByTestId('m-signature-confirm').click();
    await m.getByTestId('m-signed').waitFor();
    await m.getByTestId('m-step-complete').click();
    await m.getByTestId('m-receipt-link').waitFor();
    await screenshot(m, 'parts-06-m-completed');
    expect(consoleErrors(m)).toEqual([]);
  });

  it('parts keeper: the technician’s stock is empty again and the ledger shows issue and consumption', async () => {
    const page = await newPage({ viewport: { width: 1366, height: 900 } });
    await signInAndWait(page, server.baseUrl, users.keeper, password);
    await clickMenu(page, '备件库存');
    await page.getByTestId('stock-warehouse').click();
    await page.locator('.ant-select-item-option', { hasText: technicianStockName }).click();
    const stockRow = page.locator('.ant-table-row', { hasText: partNumber });
    await stockRow.waitFor();
    // on hand 0 after the consumption (issued 1, used 1)
    expect((await stockRow.innerText()).replace(/\s+/g, ' ')).toMatch(/0 个/);
    await screenshot(page, 'parts-07-stock');
    await clickMenu(page, '出入库流水');
    const consumption = page.locator('.ant-table-row', { hasText: '工单耗用' }).filter({ hasText: partNumber });
    await consumption.first().waitFor();
    expect(await page.locator('.ant-table-row', { hasText: '领料发放' }).filter({ hasText: partNumber }).count()).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'parts-08-ledger');
    expect(consoleErrors(page)).toEqual([]);
  });

  it('dispatcher: the receipt lists the part with number, quantity, unit price and amount', async () => {
    const page = await newPage({ viewport: { width: 1366, height: 900 } });
    await signInAndWait(page, server.baseUrl, users.dispatcher, password);
    await page.goto(`${server.baseUrl}/print/receipt/${workOrderId}`);
    const row = page.getByTestId('receipt-part').filter({ hasText: partNumber });
    await row.waitFor();
    expect((await row.innerText()).replace(/\s+/g, ' ')).toContain(`${partName} ${partNumber} 1 ¥128.00 ¥128.00`);
    expect(await page.getByTestId('receipt-parts-total').innerText()).toBe('¥128.00');
    await screenshot(page, 'parts-09-receipt');
    expect(consoleErrors(page)).toEqual([]);
  });
});
