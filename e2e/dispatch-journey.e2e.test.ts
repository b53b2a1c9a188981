import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { ADMIN_PASSWORD, apiSession, clickMenu, launchBrowser, newWatchedPage, screenshot, SCREENSHOTS, shanghaiDateFromNow, signInAndWait, startServer, type ApiCall, type ContextOptions, type RunningServer } from './harness';

/**
 * The dispatch journey of issue 5 against the real server, in real browsers:
 * set-up through the API (outlet serving Pudong, two technicians — one with an expired 上岗证 —,
 * a customer with coordinates on the address, an asset); then an agent registers a repair on the
 * hotline form, assesses it and plans a visit for tomorrow 09:00–12:00 in the ticket's 派工单
 * panel; a dispatcher clicks 自动派工 and sees the explanation; the technician on a 390×844 phone
 * accepts, goes, arrives, starts, reports, has the customer sign and completes; the ticket is
 * 已解决 and the 服务回执单 prints (screenshot in print media and a PDF).
 */
describe('dispatch journey: hotline → automatic dispatch → phone → resolved → receipt', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiCall;
  const contexts: BrowserContext[] = [];
  /** Console errors and CSP violations per page. */
  const consoles = new Map<Page, string[]>();

  const suffix = Date.now().toString(36).slice(-5).toUpperCase();
  const password = 'Journey12345pw';
  const phone = `136${String(Date.now()).slice(-8)}`;
  const customerName = `周建华${suffix.slice(-2)}`;
  const serial = `SN${suffix}J01`;
  const users = { agent: `agent${suffix.toLowerCase()}`, dispatcher: `disp${suffix.toLowerCase()}`, tech: `tech${suffix.toLowerCase()}`, expired: `lisi${suffix.toLowerCase()}` };
  const techName = '王建军';
  const expiredName = '李四';
  const outletName = `浦东张江网点${suffix.slice(-2)}`;
  const tomorrow = shanghaiDateFromNow(1);
  let ticketId = '';
  let ticketNumber = '';
  let workOrderId = '';
  let workOrderNumber = '';

  let agent: Page;

  async function newPage(options: ContextOptions): Promise<Page> {
    const { context, page, problems } = await newWatchedPage(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
    contexts.push(context);
    consoles.set(page, problems);
    return page;
  }

  /** The page's console errors, without the 4xx answers the journey expects (e.g. 401 before sign-in). */
  const consoleErrors = (page: Page) => (consoles.get(page) ?? []).filter((line) => !/status of 4\d\d/.test(line));

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    admin = await apiSession(server.baseUrl, 'admin', ADMIN_PASSWORD);
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('sets up through the API: outlet, technicians with skills and 上岗证, customer with coordinates, asset', async () => {
    const ok = <T,>(result: { status: number; body: T }, status = 201): T => {
      expect(result.status, JSON.stringify(result.body)).toBe(status);
      return result.body;
    };
    const outlet = ok(
      await admin<{ id: string }>('POST', '/api/outlets', {
        code: `PD-${suffix}`,
        name: outletName,
        kind: 'own',
        phone: '021-50800000',
        address: '上海市浦东新区张江路 500 号',
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
        code: `AC${suffix}`,
        name: '分体空调',
        faultCodes: [
          { code: 'no_cooling', name: '不制冷' },
          { code: 'leak', name: '漏水' },
        ],
        policy: { warrantyMonths: 72, coversParts: true, coversLabour: true, coversOnSite: true, maintenanceIntervalMonths: 12, sanbao: { refundDays: 7, exchangeDays: 15, maxRepairsSameFault: 2 } },
      }),
    );
    const model = ok(await admin<{ id: string }>('POST', '/api/product-models', { categoryId: category.id, brand: '格力', modelCode: `KFR-35GW-${suffix}`, name: '1.5 匹变频挂机' }));
    const customer = ok(
      await admin<{ id: string }>('POST', '/api/customers', {
        kind: 'person',
        name: customerName,
        phones: [{ phone }],
        addresses: [{ provinceCode: '310000', cityCode: '310100', districtCode: '310115', detail: '碧波路 690 号 3 号楼 1202 室', latitude: 31.205, longitude: 121.59, isDefault: true }],
      }),
    );
    ok(await admin('POST', '/api/assets', { modelId: model.id, serialNumber: serial, customerId: customer.id, purchaseDate: shanghaiDateFromNow(-300), salesChannel: 'store' }));

    const createUser = async (username: string, displayName: string, roles: string[], outletId: string | null = null) =>
      ok(await admin<{ user: { id: string } }>('POST', '/api/users', { username, displayName, roles, outletId, password })).user.id;
    await createUser(users.agent, '客服小林', ['agent']);
    await createUser(users.dispatcher, '派工员老陈', ['dispatcher']);
    const skills = [{ categoryId: category.id, workType: 'repair' }];
    const everyDay = [1, 2, 3, 4, 5, 6, 7];
    for (const [username, name, expiresOn] of [
      [users.tech, techName, shanghaiDateFromNow(365)],
      [users.expired, expiredName, shanghaiDateFromNow(-30)],
    ] as const) {
      const userId = await createUser(username, name, ['technician'], outlet.id);
      const technician = ok(
        await admin<{ id: string; name: string }>('POST', '/api/technicians', {
          userId,
          outletId: outlet.id,
          phone: '13900001111',
          grade: 'senior',
          skills,
          workingDays: everyDay,
          workStartMinute: 8 * 60,
          workEndMinute: 18 * 60,
          baseLatitude: 31.21,
          baseLongitude: 121.585,
        }),
      );
      expect(technician.name).toBe(name);
      ok(await admin('POST', `/api/technicians/${technician.id}/certifications`, { kind: 'work_permit', number: `SG-${suffix}-${username}`, expiresOn }));
    }
    const list = ok(await admin<{ items: Array<{ name: string; isDispatchable: boolean }> }>('GET', `/api/technicians?pageSize=100`), 200);
    expect(list.items.find((item) => item.name === techName)?.isDispatchable).toBe(true);
    expect(list.items.find((item) => item.name === expiredName)?.isDispatchable).toBe(false);
  });

  it('agent: registers the repair on the hotline form', async () => {
    agent = await newPage({ viewport: { width: 1366, height: 900 } });
    await signInAndWait(agent, server.baseUrl, users.agent, password);
    await clickMenu(agent, '登记来电');
    await agent.waitForURL(/\/tickets\/new$/);
    await agent.getByLabel('来电号码 / 姓名 / 序列号').fill(phone.slice(-4));
    await agent.getByTestId('hotline-hit-customer').filter({ hasText: customerName }).click();
    await agent.getByTestId('hotline-customer').getByText('上海市浦东新区碧波路 690 号 3 号楼 1202 室').waitFor();
    await agent.getByTestId(`asset-${serial}`).click();
    await agent.getByTestId('hotline-type').getByText('维修', { exact: true }).click();
    await agent.getByTestId('hotline-fault-code').click();
    await agent.locator('.ant-select-item-option', { hasText: '不制冷' }).click();
    await agent.getByTestId('hotline-description').fill('空调开机后外机不转，室内机只吹自然风，不制冷。');
    await agent.getByTestId('hotline-submit').click();
    const script = agent.getByTestId('hotline-script');
    await script.waitFor();
    const match = /您的服务单号是 (SH\d{8}-\d{4})/.exec(await script.innerText());
    expect(match).not.toBeNull();
    ticketNumber = match![1];
    await screenshot(agent, 'journey-01-hotline-registered');
    await agent.getByTestId('hotline-open').click();
    await agent.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    ticketId = agent.url().split('/').pop()!;
    await agent.getByTestId('ticket-number').getByText(ticketNumber).waitFor();
    await agent.getByTestId('ticket-status').getByText('已受理').waitFor();
  });

  it('agent: records the assessment, the ticket becomes 已评估', async () => {
    // 新建派工单 waits for the assessment
    expect(await agent.getByTestId('work-order-new').isDisabled()).toBe(true);
    await agent.getByTestId('assess-open').click();
    const drawer = agent.locator('.assess-drawer');
    await drawer.getByText('性能故障').click();
    await drawer.getByTestId('assess-fault-code').click();
    await agent.locator('.ant-select-item-option', { hasText: '不制冷（no_cooling）' }).click();
    await drawer.locator('#ticket-assessment_impact').getByText('中', { exact: true }).click();
    await drawer.getByTestId('assess-submit').click();
    await agent.getByTestId('assessment-result').getByTestId('assessment-charge').getByText('无偿').waitFor();
    await agent.getByTestId('ticket-status').getByText('已评估').waitFor();
  });

  it('agent: plans a visit for tomorrow 09:00–12:00 in the 派工单 panel', async () => {
    const panel = agent.getByTestId('ticket-work-orders');
    await panel.getByText('暂无派工单').waitFor();
    await agent.getByTestId('work-order-new').click();
    const modal = agent.locator('.ant-modal').filter({ hasText: '新建派工单' });
    await modal.getByText('备料（派工前预审）').waitFor();
    // the type comes from the ticket (维修)
    await modal.locator('.ant-select-content, .ant-select-selection-item').filter({ hasText: '维修' }).first().waitFor();
    await modal.locator('#work-order-create_requiredGrade').click();
    await agent.locator('.ant-select-item-option', { hasText: '中级' }).click();
    const [start, end] = [modal.locator('.ant-picker-range input').nth(0), modal.locator('.ant-picker-range input').nth(1)];
    await start.click();
    await start.fill(`${tomorrow} 09:00`);
    await start.press('Enter');
    await end.click();
    await end.fill(`${tomorrow} 12:00`);
    await end.press('Enter');
    await expect.poll(() => start.inputValue()).toBe(`${tomorrow} 09:00`);
    await expect.poll(() => end.inputValue()).toBe(`${tomorrow} 12:00`);
    await modal.getByTestId('material-add').click();
    await modal.getByPlaceholder('物料名称').fill('压缩机启动电容 35μF');
    await modal.getByPlaceholder('备件编码').fill('CAP-35');
    await screenshot(agent, 'journey-02-work-order-form');
    await agent.getByTestId('work-order-submit').click();
    await modal.waitFor({ state: 'hidden' });
    const row = panel.locator('.ant-table-row').first();
    await row.getByText('待派工').waitFor();
    workOrderNumber = (await row.locator('a').first().innerText()).trim();
    expect(workOrderNumber.length).toBeGreaterThan(4);
    expect(await row.innerText()).toContain('09:00');
    // an agent plans, a dispatcher dispatches: no 自动派工 here
    expect(await panel.getByText('自动派工').count()).toBe(0);
    workOrderId = (await row.locator('a').first().getAttribute('href'))!.split('/').pop()!;
  });

  it('dispatcher: 自动派工 on the ticket page picks the technician with the valid 上岗证 and explains why', async () => {
    const dispatcher = await newPage({ viewport: { width: 1366, height: 900 } });
    await signInAndWait(dispatcher, server.baseUrl, users.dispatcher, password);
    await dispatcher.goto(`${server.baseUrl}/tickets/${ticketId}`);
    const panel = dispatcher.getByTestId('ticket-work-orders');
    await panel.getByTestId(`auto-dispatch-${workOrderNumber}`).click();
    const result = dispatcher.locator('.ant-modal').filter({ hasText: '自动派工结果' });
    await result.waitFor();
    const text = await result.innerText();
    expect(text).toContain(`${workOrderNumber}：选择：${outletName} · ${techName}`);
    expect(text).toMatch(new RegExp(`排除：.*${expiredName}`));
    await screenshot(dispatcher, 'journey-03-auto-dispatch-explanation');
    await result.getByRole('button').last().click();
    await result.waitFor({ state: 'hidden' });
    const row = panel.locator('.ant-table-row', { hasText: workOrderNumber });
    await row.getByText(techName).waitFor();
    await row.getByText(outletName).waitFor();
    await row.getByText('已派技师').waitFor(); // dispatched with its technician named
    await dispatcher.getByTestId('ticket-status').getByText('已派工').waitFor();
    await screenshot(dispatcher, 'journey-04-ticket-dispatched');
    // the work order page keeps the explanation
    await row.getByRole('link', { name: workOrderNumber }).click();
    await dispatcher.waitForURL(new RegExp(`/work-orders/${workOrderId}$`));
    await dispatcher.getByText(/选择：/).first().waitFor();
    await screenshot(dispatcher, 'journey-05-work-order-detail');
    expect(consoleErrors(dispatcher)).toEqual([]);
  });

  it('technician on a 390×844 phone: accepts, goes, arrives, serves, reports, has the customer sign, completes', async () => {
    const m = await newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, geolocation: { latitude: 31.2052, longitude: 121.5901 }, permissions: ['geolocation'] });
    await m.goto(`${server.baseUrl}/m`);
    await m.getByTestId('m-username').locator('input').fill(users.tech);
    await m.getByTestId('m-password').locator('input').fill(password);
    await m.getByTestId('m-login-submit').click();
    await m.getByTestId('m-technician').getByText(techName, { exact: false }).waitFor();
    // the visit is tomorrow
    await m.locator('.adm-capsule-tabs-tab', { hasText: '明天' }).click();
    const card = m.getByTestId('m-order-card').filter({ hasText: workOrderNumber });
    await card.waitFor();
    expect(await card.innerText()).toContain('碧波路 690 号');
    expect(await card.getByTestId('m-window').innerText()).toContain('09:00');
    await screenshot(m, 'journey-06-m-list');
    await card.click();
    await m.waitForURL(new RegExp(`/m/orders/${workOrderId}`));
    await m.getByTestId('m-materials').getByText('压缩机启动电容 35μF', { exact: false }).waitFor();
    await screenshot(m, 'journey-07-m-order');

    for (const step of ['accept', 'on_the_way', 'arrived', 'start'] as const) {
      await m.getByTestId(`m-step-${step}`).click();
      await m.getByTestId(`m-step-${step}`).waitFor({ state: 'detached' });
    }
    await m.getByTestId('m-report').waitFor();
    await m.getByTestId('m-diagnosis').locator('textarea').first().fill('外机压缩机无法启动，启动电容容量不足');
    await m.getByTestId('m-actual-fault').locator('input').fill('压缩机启动电容损坏');
    await m.getByTestId('m-work-done').locator('textarea').first().fill('更换启动电容，试机 20 分钟制冷正常，出风口 12℃');
    await m.getByTestId('m-add-part').click();
    const part = m.getByTestId('m-part').first().locator('input');
    await part.nth(0).fill('启动电容 35μF');
    await part.nth(1).fill('CAP-35');
    await part.nth(2).fill('1');
    await m.getByTestId('m-labour-minutes').locator('input').fill('40');
    await screenshot(m, 'journey-08-m-report');
    await m.getByTestId('m-step-report').click();

    const canvas = m.getByTestId('m-signature-canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    expect(box.width).toBeGreaterThan(200);
    await m.mouse.move(box.x + 30, box.y + box.height * 0.6);
    await m.mouse.down();
    for (let i = 0; i <= 40; i += 1) await m.mouse.move(box.x + 30 + i * 7, box.y + box.height * 0.6 - Math.sin(i / 3) * 40);
    await m.mouse.up();
    await m.mouse.move(box.x + 120, box.y + 30);
    await m.mouse.down();
    await m.mouse.move(box.x + 170, box.y + box.height - 30, { steps: 12 });
    await m.mouse.up();
    await screenshot(m, 'journey-09-m-signature');
    await m.getByTestId('m-signature-confirm').click();
    await m.getByTestId('m-signed').waitFor();
    await m.getByTestId('m-step-complete').click();
    await m.getByTestId('m-receipt-link').waitFor();
    await m.getByText('已完工').first().waitFor();
    await m.evaluate(() => window.scrollTo(0, 0));
    await screenshot(m, 'journey-10-m-completed');
    expect(consoleErrors(m)).toEqual([]);
  });

  it('agent: the ticket shows 已解决 and the work order 已完工', async () => {
    await agent.reload();
    await agent.getByTestId('ticket-status').getByText('已解决').waitFor();
    const row = agent.getByTestId('ticket-work-orders').locator('.ant-table-row', { hasText: workOrderNumber });
    await row.getByText('已完工').waitFor();
    await row.getByText(techName).waitFor();
    await screenshot(agent, 'journey-11-ticket-resolved');
  });

  it('agent: the 服务回执单 shows ticket, technician and signature, and prints to a PDF', async () => {
    await agent.goto(`${server.baseUrl}/print/receipt/${workOrderId}`);
    const sheet = agent.getByTestId('receipt-sheet');
    await sheet.waitFor();
    await sheet.getByText('服务回执单').first().waitFor();
    expect(await agent.getByTestId('receipt-ticket').innerText()).toContain(ticketNumber);
    expect(await agent.getByTestId('receipt-workorder').innerText()).toContain(workOrderNumber);
    const text = await sheet.innerText();
    for (const expected of [techName, customerName, serial, '外机压缩机无法启动', '出风口 12℃', '启动电容 35μF', outletName]) expect(text).toContain(expected);
    const signature = agent.getByTestId('receipt-signature');
    await expect.poll(() => signature.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    await screenshot(agent, 'journey-12-receipt');
    await agent.emulateMedia({ media: 'print' });
    expect(await agent.getByTestId('receipt-print').isVisible()).toBe(false); // print CSS hides the toolbar
    await screenshot(agent, 'journey-13-receipt-print');
    const pdf = await agent.pdf({ format: 'A4', printBackground: true });
    expect(pdf.length).toBeGreaterThan(10_000);
    expect(pdf.subarray(0, 4).toString('latin1')).toBe('%PDF');
    writeFileSync(path.join(SCREENSHOTS, 'journey-14-receipt.pdf'), pdf);
    await agent.emulateMedia({ media: 'screen' });
  });

  it('had no console errors or CSP violations in the agent page (besides expected 4xx)', () => {
    expect(consoleErrors(agent)).toEqual([]);
  });
});
