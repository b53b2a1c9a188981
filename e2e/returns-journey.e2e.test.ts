import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ADMIN_PASSWORD,
  apiSession,
  launchBrowser,
  newWatchedPage,
  screenshot,
  screenshotIfFailed,
  setSuiteClock,
  shanghaiDateFromNow,
  signInAndWait,
  startServer,
  type ApiCall,
  type RunningServer,
  type SuiteClock,
} from './harness';

/** 10:00 in Shanghai on a weekday. */
const CLOCK: SuiteClock = { now: '2026-12-03T02:00:00Z', timeZone: 'Asia/Shanghai' };

/**
 * Issue 12's journey in a real browser: an air conditioner bought 4 days ago fails → the 三包
 * engine proposes exchange → the manager starts the exchange from the ticket page, approves it,
 * inspects the returned unit into stock and carries the exchange out (the new unit becomes the
 * customer's asset); a washing machine's repair takes a loaner from the ticket page, which
 * blocks closing until it is returned; the claims page shows the pages of the maker claims.
 */
describe('returns journey: exchange from the 三包 decision; a loaner blocks closing', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiCall;
  let manager: ApiCall;
  const contexts: BrowserContext[] = [];
  let current: Page | undefined;
  const suffix = Date.now().toString(36).slice(-5).toLowerCase();
  const password = 'Returns12345pw';
  const managerName = `rmgr${suffix}`;
  const ids = { outlet: '', model: '', customer: '', asset: '', ticket: '', washTicket: '', warehouse: '', loaner: '', newSerial: `NEW-${suffix.toUpperCase()}` };
  let page: Page;

  const ok = <T,>(result: { status: number; body: T }, status = 201): T => {
    expect(result.status, JSON.stringify(result.body)).toBe(status);
    return result.body;
  };

  beforeAll(async () => {
    setSuiteClock(CLOCK);
    server = await startServer();
    browser = await launchBrowser();
    admin = await apiSession(server.baseUrl, 'admin', ADMIN_PASSWORD);
  });

  afterEach(async (test) => screenshotIfFailed(current, 'returns', test));

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  async function assessedTicket(assetId: string, faultCode: string) {
    const created = ok(await admin<{ ticket: { id: string } }>('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: ids.customer, assetId, description: '故障报修', allowDuplicate: true }));
    ok(await admin('PUT', `/api/tickets/${created.ticket.id}/assessment`, { faultClass: 'performance', faultCode, impact: 'medium', urgency: 'normal' }), 200);
    return created.ticket.id;
  }

  it('sets up through the API: a category with 三包, an air conditioner bought 4 days ago, a warehouse with a new unit, a loaner', async () => {
    ids.outlet = ok(await admin<{ id: string }>('POST', '/api/outlets', { code: `RT-${suffix.toUpperCase()}`, name: `徐汇网点${suffix.slice(-2)}`, kind: 'own' })).id;
    const category = ok(
      await admin<{ id: string }>('POST', '/api/product-categories', {
        code: `RTC${suffix}`.toUpperCase(),
        name: '空调',
        policy: { warrantyMonths: 72, coversParts: true, coversLabour: true, coversOnSite: true, maintenanceIntervalMonths: 12, sanbao: { refundDays: 7, exchangeDays: 15, maxRepairsSameFault: 2 } },
      }),
    );
    ids.model = ok(await admin<{ id: string }>('POST', '/api/product-models', { categoryId: category.id, brand: '格力', modelCode: `KFR-35GW-${suffix}`, name: '云佳 1.5 匹挂机' })).id;
    ids.customer = ok(
      await admin<{ id: string }>('POST', '/api/customers', { kind: 'person', name: `王建国${suffix.slice(-2)}`, phones: [{ phone: `137${String(Date.now()).slice(-8)}` }], addresses: [{ provinceCode: '310000', cityCode: '310100', districtCode: '310104', detail: '漕溪北路 88 号' }] }),
    ).id;
    ids.asset = ok(await admin<{ id: string }>('POST', '/api/assets', { modelId: ids.model, serialNumber: `AC-${suffix.toUpperCase()}`, customerId: ids.customer, purchaseDate: shanghaiDateFromNow(-4), salesChannel: 'store' })).id;
    ids.ticket = await assessedTicket(ids.asset, 'no_cooling');
    const washer = ok(await admin<{ id: string }>('POST', '/api/assets', { modelId: ids.model, serialNumber: `WM-${suffix.toUpperCase()}`, customerId: ids.customer, purchaseDate: shanghaiDateFromNow(-300), salesChannel: 'store' })).id;
    ids.washTicket = await assessedTicket(washer, 'no_spin');
    ids.warehouse = ok(await admin<{ id: string }>('POST', '/api/parts/warehouses', { code: `RW-${suffix.toUpperCase()}`, name: '中心整机仓', level: 'central' })).id;
    ok(await admin('POST', '/api/stock-units', { warehouseId: ids.warehouse, modelId: ids.model, serialNumber: ids.newSerial }));
    ids.loaner = ok(await admin<{ id: string }>('POST', '/api/loaners', { outletId: ids.outlet, modelName: '小天鹅 TG100 洗衣机', serialNumber: `LOAN-${suffix.toUpperCase()}` })).id;
    ok(await admin('POST', '/api/users', { username: managerName, displayName: '售后经理钱', roles: ['manager'], password }));
    manager = await apiSession(server.baseUrl, managerName, password);
    const { context, page: opened } = await newWatchedPage(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    page = opened;
    current = page;
    await signInAndWait(page, server.baseUrl, managerName, password);
  });

  it('the manager starts the exchange from the ticket page (only the kinds the 三包 decision allows)', async () => {
    await page.goto(`${server.baseUrl}/tickets/${ids.ticket}`);
    const panel = page.getByTestId('ticket-returns-panel');
    await panel.getByRole('button', { name: '按三包结论发起退换货' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('类型').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: '同型号换货' }).click();
    await dialog.getByLabel('购买价格（元）').fill('3599');
    await dialog.getByLabel('原因').fill('购买 4 天性能故障，三包换货');
    await screenshot(page, 'returns-01-start-from-ticket');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await panel.getByText(/TH\d{8}-\d{3}/).waitFor();
  });

  it('approves, inspects the returned unit into stock and carries the exchange out on the 退换货 page', async () => {
    await page.goto(`${server.baseUrl}/returns`);
    await page.getByText(/TH\d{8}-\d{3}/).first().click();
    const drawer = page.locator('.ant-drawer').last();
    await drawer.getByText('待审批').waitFor();
    await screenshot(page, 'returns-02-detail-requested');
    await drawer.getByRole('button', { name: /^批\s?准$/ }).click();
    await drawer.getByText('验收', { exact: true }).waitFor();
    await drawer.locator('input[type="radio"]').nth(3).check(); // 功能：有问题
    await drawer.getByLabel('入库仓库').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: '中心整机仓' }).click();
    await screenshot(page, 'returns-03-inspection');
    await drawer.getByRole('button', { name: /保\s*存/ }).click();
    await drawer.getByText('已验收入库').waitFor();
    await drawer.getByRole('button', { name: '执行退换' }).click();
    await drawer.getByText('已完成').waitFor();
    await screenshot(page, 'returns-04-completed');
    const assets = ok(await manager<{ items: { serialNumber: string; purchaseDate: string; status: string }[] }>('GET', `/api/assets?customerId=${ids.customer}`), 200);
    expect(assets.items.find((asset) => asset.serialNumber === ids.newSerial)).toMatchObject({ purchaseDate: shanghaiDateFromNow(0), status: 'in_service' });
    expect(assets.items.find((asset) => asset.serialNumber === `AC-${suffix.toUpperCase()}`)?.status).toBe('returned');
  });

  it('a loaner lent on the washing machine ticket blocks closing until it is returned', async () => {
    await page.goto(`${server.baseUrl}/tickets/${ids.washTicket}`);
    const panel = page.getByTestId('ticket-returns-panel');
    await panel.getByRole('button', { name: /借\s?出/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('序列号').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: `LOAN-${suffix.toUpperCase()}` }).click();
    await dialog.getByLabel('预计归还').fill(shanghaiDateFromNow(3));
    await dialog.getByLabel('预计归还').press('Enter');
    await dialog.getByLabel('押金（元）').fill('500');
    await dialog.getByRole('button', { name: /确\s*定|OK/ }).click();
    await panel.getByText('已借出').waitFor();
    await screenshot(page, 'returns-05-loaner-on-ticket');
    ok(await manager('POST', `/api/tickets/${ids.washTicket}/transitions`, { to: 'resolved' }), 200);
    const blocked = await manager<{ error: { message: string } }>('POST', `/api/tickets/${ids.washTicket}/transitions`, { to: 'closed' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.message).toContain(`LOAN-${suffix.toUpperCase()}`);
    await page.goto(`${server.baseUrl}/loaners`);
    await page.getByText(`LOAN-${suffix.toUpperCase()}`).waitFor();
    await screenshot(page, 'returns-06-loaner-pool');
    await page.goto(`${server.baseUrl}/tickets/${ids.washTicket}`);
    await page.getByTestId('ticket-returns-panel').getByRole('button', { name: /归\s?还/ }).click();
    await page.getByTestId('ticket-returns-panel').getByText('已借出').waitFor({ state: 'detached' });
    ok(await manager('POST', `/api/tickets/${ids.washTicket}/transitions`, { to: 'closed' }), 200);
  });

  it('shows the maker claims: rules, lines and batches', async () => {
    ok(await manager('PUT', '/api/claim-rules', { brand: '格力', labourFenByWorkType: { repair: 8_000, install: 12_000 }, partsMode: 'cost', travelFen: 3_000, windowDays: 30, requiredEvidence: ['serial', 'photos'] }), 200);
    await page.goto(`${server.baseUrl}/claims`);
    await page.getByRole('tab', { name: '厂家规则' }).click();
    await page.getByText('格力').first().waitFor();
    await screenshot(page, 'returns-07-claim-rules');
  });
});
