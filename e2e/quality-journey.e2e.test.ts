import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ADMIN_PASSWORD,
  advanceSuiteClock,
  apiSession,
  clickMenu,
  launchBrowser,
  newWatchedPage,
  screenshot,
  screenshotIfFailed,
  setSuiteClock,
  shanghaiDateFromNow,
  signInAndWait,
  startServer,
  suiteNow,
  type ApiCall,
  type ContextOptions,
  type RunningServer,
  type SuiteClock,
} from './harness';

/** 10:00 in Shanghai on a weekday; E2E_NOW / E2E_TZ (scripts/e2e-any-hour.mjs) run it at other moments. */
const QUALITY_CLOCK: SuiteClock = { now: '2026-12-03T02:00:00Z', timeZone: 'Asia/Shanghai' };
const DAY = 86_400_000;
/** A 1×1 PNG: the signature of the second repair, made through the API. */
const TINY_PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/**
 * The quality journey of issue 14 against the real server, in real browsers: a technician
 * completes a repair on a 390×844 phone with its self-check (a second repair of the same
 * technician on another unit is done through the API); the suite's clock moves on 40 days and the
 * server restarts on the same data; an agent registers the same serial with the same fault on the
 * hotline form → a dispatcher sees the 返修 banner on the ticket page, linked to the earlier work
 * order, counted on the first technician (返修 page, figures); the penalty is proposed and the
 * manager approves it on the ledger page; the same kind again (the second unit comes back) →
 * the proposed amount is doubled, shown on the ledger page.
 */
describe('quality journey: self-check → 40 days later 返修 at intake → penalty approved → the next one doubled', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiCall;
  const contexts: BrowserContext[] = [];
  const consoles = new Map<Page, string[]>();
  let current: Page | undefined;

  const suffix = Date.now().toString(36).slice(-5).toUpperCase();
  const password = 'Quality12345pw';
  const phone = `137${String(Date.now()).slice(-8)}`;
  const customerName = `赵丽${suffix.slice(-2)}`;
  const serials = { first: `SN${suffix}Q01`, second: `SN${suffix}Q02` };
  const users = { agent: `qagent${suffix.toLowerCase()}`, dispatcher: `qdisp${suffix.toLowerCase()}`, tech: `qtech${suffix.toLowerCase()}`, manager: `qmgr${suffix.toLowerCase()}` };
  const techName = '王强';
  const outletName = `徐汇网点${suffix.slice(-2)}`;
  const ids = { outlet: '', customer: '', assets: { first: '', second: '' }, technicianUser: '', technician: '' };
  const firstRepair = { workOrderId: '', workOrderNumber: '', date: '' };
  let secondTicketId = '';

  const ok = <T,>(result: { status: number; body: T }, status = 201): T => {
    expect(result.status, JSON.stringify(result.body)).toBe(status);
    return result.body;
  };

  async function newPage(options: ContextOptions): Promise<Page> {
    const { context, page, problems } = await newWatchedPage(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options });
    contexts.push(context);
    consoles.set(page, problems);
    current = page;
    return page;
  }
  const consoleErrors = (page: Page) => (consoles.get(page) ?? []).filter((line) => !/status of 4\d\d/.test(line));
  const desktop = () => newPage({ viewport: { width: 1366, height: 900 } });

  /** A repair ticket on the asset with the fault at intake, assessed, a visit tomorrow 09:00–12:00 dispatched to the technician. */
  async function dispatchedRepair(assetId: string): Promise<{ ticketId: string; workOrderId: string; number: string }> {
    const created = ok(await admin<{ ticket: { id: string; status: string } }>('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: ids.customer, assetId, faultCategory: 'no_cooling', description: '空调不制冷', contactPhone: phone, allowDuplicate: true }));
    const ticketId = created.ticket.id;
    ok(await admin('PUT', `/api/tickets/${ticketId}/assessment`, { faultClass: 'performance', faultCode: 'no_cooling', impact: 'medium', urgency: 'normal' }), 200);
    const tomorrow = shanghaiDateFromNow(1);
    const order = ok(await admin<{ id: string; number: string }>('POST', `/api/tickets/${ticketId}/work-orders`, { type: 'repair', windowStart: `${tomorrow}T09:00:00+08:00`, windowEnd: `${tomorrow}T12:00:00+08:00` }));
    ok(await admin('POST', `/api/work-orders/${order.id}/dispatch`, { outletId: ids.outlet, technicianId: ids.technician }), 200);
    return { ticketId, workOrderId: order.id, number: order.number };
  }

  beforeAll(async () => {
    setSuiteClock(QUALITY_CLOCK);
    server = await startServer();
    browser = await launchBrowser();
    admin = await apiSession(server.baseUrl, 'admin', ADMIN_PASSWORD);
  });

  afterEach(async (test) => screenshotIfFailed(current, 'quality', test));

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('sets up through the API: outlet, category with fault codes, two units of one customer, people, the checklist and the 返修 penalty rule', async () => {
    const outlet = ok(
      await admin<{ id: string }>('POST', '/api/outlets', {
        code: `XH-${suffix}`,
        name: outletName,
        kind: 'own',
        phone: '021-64000000',
        address: '上海市徐汇区漕溪北路 100 号',
        districtCode: '310104',
        latitude: 31.19,
        longitude: 121.44,
        serviceDistricts: ['310104'],
        dailyCapacity: { repair: 20 },
        workStartMinute: 8 * 60,
        workEndMinute: 18 * 60,
      }),
    );
    ids.outlet = outlet.id;
    const category = ok(
      await admin<{ id: string }>('POST', '/api/product-categories', {
        code: `QAC${suffix}`,
        name: '挂式空调',
        faultCodes: [
          { code: 'no_cooling', name: '不制冷' },
          { code: 'leak', name: '漏水' },
        ],
        policy: { warrantyMonths: 72, coversParts: true, coversLabour: true, coversOnSite: true, maintenanceIntervalMonths: 12, sanbao: { refundDays: 7, exchangeDays: 15, maxRepairsSameFault: 5 } },
      }),
    );
    const model = ok(await admin<{ id: string }>('POST', '/api/product-models', { categoryId: category.id, brand: '美的', modelCode: `KFR-26GW-${suffix}`, name: '大1匹挂机' }));
    const customer = ok(
      await admin<{ id: string }>('POST', '/api/customers', {
        kind: 'person',
        name: customerName,
        phones: [{ phone }],
        addresses: [{ provinceCode: '310000', cityCode: '310100', districtCode: '310104', detail: '宜山路 700 号 5 号楼 801 室', latitude: 31.185, longitude: 121.43, isDefault: true }],
      }),
    );
    ids.customer = customer.id;
    for (const key of ['first', 'second'] as const) {
      ids.assets[key] = ok(await admin<{ id: string }>('POST', '/api/assets', { modelId: model.id, serialNumber: serials[key], customerId: customer.id, purchaseDate: shanghaiDateFromNow(-400), salesChannel: 'store' })).id;
    }
    const createUser = async (username: string, displayName: string, roles: string[], outletId: string | null = null) =>
      ok(await admin<{ user: { id: string } }>('POST', '/api/users', { username, displayName, roles, outletId, password })).user.id;
    await createUser(users.agent, '客服小周', ['agent']);
    await createUser(users.dispatcher, '派工员老吴', ['dispatcher']);
    await createUser(users.manager, '售后经理孙', ['manager']);
    ids.technicianUser = await createUser(users.tech, techName, ['technician'], outlet.id);
    const technician = ok(
      await admin<{ id: string }>('POST', '/api/technicians', {
        userId: ids.technicianUser,
        outletId: outlet.id,
        phone: '13900002222',
        grade: 'senior',
        skills: [{ categoryId: category.id, workType: 'repair' }],
        workingDays: [1, 2, 3, 4, 5, 6, 7],
        workStartMinute: 8 * 60,
        workEndMinute: 18 * 60,
        baseLatitude: 31.19,
        baseLongitude: 121.44,
      }),
    );
    ids.technician = technician.id;
    ok(await admin('POST', `/api/technicians/${technician.id}/certifications`, { kind: 'work_permit', number: `SG-${suffix}`, expiresOn: shanghaiDateFromNow(365) }));
    ok(
      await admin('POST', '/api/quality/checklists', {
        name: '空调维修自检',
        workType: 'repair',
        items: [
          { code: 'drain_ok', label: '排水通畅', kind: 'yes_no' },
          { code: 'outlet_temp', label: '制冷出风温度', kind: 'measure', unit: '℃', max: 12 },
        ],
      }),
    );
    ok(await admin('POST', '/api/quality/rules', { code: `rp_${suffix.toLowerCase()}`, name: '返修扣款', kind: 'penalty', amountFen: 5000, points: 2, trigger: 'repeat_repair', repeatWindowDays: 90, repeatMultiplier: 2 }));
  });

  it('technician on a 390×844 phone: the self-check blocks 完工 until it passes, then the repair is completed', async () => {
    const order = await dispatchedRepair(ids.assets.first);
    firstRepair.workOrderId = order.workOrderId;
    firstRepair.workOrderNumber = order.number;
    const m = await newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, geolocation: { latitude: 31.185, longitude: 121.43 }, permissions: ['geolocation'] });
    await m.goto(`${server.baseUrl}/m`);
    await m.getByTestId('m-username').locator('input').fill(users.tech);
    await m.getByTestId('m-password').locator('input').fill(password);
    await m.getByTestId('m-login-submit').click();
    await m.getByTestId('m-technician').getByText(techName, { exact: false }).waitFor();
    await m.goto(`${server.baseUrl}/m/orders/${order.workOrderId}`);
    for (const step of ['accept', 'on_the_way', 'arrived', 'start'] as const) {
      await m.getByTestId(`m-step-${step}`).click();
      await m.getByTestId(`m-step-${step}`).waitFor({ state: 'detached' });
    }
    await m.getByTestId('m-report').waitFor();
    await m.getByTestId('m-diagnosis').locator('textarea').first().fill('压缩机启动电容容量不足');
    await m.getByTestId('m-actual-fault').locator('input').fill('启动电容损坏');
    await m.getByTestId('m-work-done').locator('textarea').first().fill('更换电容');
    await m.getByTestId('m-step-report').click();
    const canvas = m.getByTestId('m-signature-canvas');
    await canvas.scrollIntoViewIfNeeded();
    const box = (await canvas.boundingBox())!;
    await m.mouse.move(box.x + 30, box.y + box.height * 0.6);
    await m.mouse.down();
    for (let i = 0; i <= 30; i += 1) await m.mouse.move(box.x + 30 + i * 8, box.y + box.height * 0.6 - Math.sin(i / 3) * 40);
    await m.mouse.up();
    await m.getByTestId('m-signature-confirm').click();
    await m.getByTestId('m-signed').waitFor();

    // The self-check: a measured value out of range fails, and 完工 says why.
    const selfCheck = m.getByTestId('m-selfcheck');
    await selfCheck.scrollIntoViewIfNeeded();
    await selfCheck.getByTestId('m-sc-gate').getByText('此单需先完成完工自检').waitFor();
    await m.getByTestId('m-sc-yesno-drain_ok').getByText('是', { exact: true }).click();
    await m.getByTestId('m-sc-value-outlet_temp').locator('input').fill('15');
    await m.getByTestId('m-sc-submit').click();
    await selfCheck.getByTestId('m-sc-gate').getByText(/自检未通过，无法完工：.*制冷出风温度/).waitFor();
    await screenshot(m, 'quality-01-m-selfcheck-failed');
    await m.getByTestId('m-sc-value-outlet_temp').locator('input').fill('9.5');
    await m.getByTestId('m-sc-submit').click();
    await selfCheck.getByTestId('m-sc-gate').getByText('自检已通过').waitFor();
    await m.getByTestId('m-step-complete').click();
    await m.getByTestId('m-receipt-link').waitFor();
    await m.getByText('已完工').first().waitFor();
    await screenshot(m, 'quality-02-m-completed');
    firstRepair.date = shanghaiDateFromNow(0);
    expect(consoleErrors(m)).toEqual([]);

    // The same technician repairs the second unit too (through the API).
    const second = await dispatchedRepair(ids.assets.second);
    const tech = await apiSession(server.baseUrl, users.tech, password);
    let step = 0;
    const field = async (path: string, body: Record<string, unknown> = {}) => ok(await tech('POST', `/api/m/work-orders/${second.workOrderId}/${path}`, { clientStepId: `q-${suffix}-${(step += 1)}`, ...body }), 200);
    for (const path of ['accept', 'on-the-way', 'arrived', 'start']) await field(path);
    await field('report', { workDone: '更换电容' });
    await field('signature', { dataUrl: TINY_PNG });
    ok(await tech('POST', `/api/m/work-orders/${second.workOrderId}/self-check`, { answers: [{ code: 'drain_ok', passed: true }, { code: 'outlet_temp', value: 10 }] }), 200);
    await field('complete');
  });

  it('40 days later: the agent registers the same serial with the same fault; the dispatcher sees 返修 on the ticket page, linked to the earlier work order', async () => {
    advanceSuiteClock(40 * DAY);
    server = await server.restart();
    admin = await apiSession(server.baseUrl, 'admin', ADMIN_PASSWORD);
    const agent = await desktop();
    await signInAndWait(agent, server.baseUrl, users.agent, password);
    // The pages live 40 days on as well.
    expect(Math.abs((await agent.evaluate(() => Date.now())) - suiteNow().getTime())).toBeLessThan(5 * 60_000);
    await clickMenu(agent, '登记来电');
    await agent.waitForURL(/\/tickets\/new$/);
    await agent.getByLabel('来电号码 / 姓名 / 序列号').fill(phone.slice(-4));
    await agent.getByTestId('hotline-hit-customer').filter({ hasText: customerName }).click();
    await agent.getByTestId(`asset-${serials.first}`).click();
    await agent.getByTestId('hotline-type').getByText('维修', { exact: true }).click();
    await agent.getByTestId('hotline-fault-code').click();
    await agent.locator('.ant-select-item-option', { hasText: '不制冷' }).click();
    await agent.getByTestId('hotline-description').fill('上个月修过，又不制冷了。');
    await agent.getByTestId('hotline-submit').click();
    const script = agent.getByTestId('hotline-script');
    await script.waitFor();
    const ticketNumber = /您的服务单号是 (SH\d{8}-\d{4})/.exec(await script.innerText())![1];
    await agent.getByTestId('hotline-open').click();
    await agent.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    secondTicketId = agent.url().split('/').pop()!;
    // The agent has no quality.read: no banner asked for.
    await agent.getByTestId('ticket-number').getByText(ticketNumber).waitFor();
    expect(await agent.getByTestId('ticket-repeat-flag').count()).toBe(0);
    expect(consoleErrors(agent)).toEqual([]);

    const dispatcher = await desktop();
    await signInAndWait(dispatcher, server.baseUrl, users.dispatcher, password);
    await dispatcher.goto(`${server.baseUrl}/tickets/${secondTicketId}`);
    const flag = dispatcher.getByTestId('ticket-repeat-flag');
    await flag.waitFor();
    const text = await flag.innerText();
    expect(text).toContain(`返修：上次 ${firstRepair.date} ${techName} 更换电容`);
    expect(text).toMatch(/(39|40) 天后/);
    await screenshot(dispatcher, 'quality-03-ticket-repeat-flag');
    await flag.getByRole('link', { name: firstRepair.workOrderNumber }).click();
    await dispatcher.waitForURL(new RegExp(`/work-orders/${firstRepair.workOrderId}$`));
    expect(consoleErrors(dispatcher)).toEqual([]);
  });

  it('the dispatcher plans the repeat repair’s visit: the manual dispatch drawer shows the 返修 flag and marks 王强 上次技师', async () => {
    ok(await admin('PUT', `/api/tickets/${secondTicketId}/assessment`, { faultClass: 'performance', faultCode: 'no_cooling', impact: 'medium', urgency: 'normal' }), 200);
    const tomorrow = shanghaiDateFromNow(1);
    const order = ok(await admin<{ id: string }>('POST', `/api/tickets/${secondTicketId}/work-orders`, { type: 'repair', windowStart: `${tomorrow}T09:00:00+08:00`, windowEnd: `${tomorrow}T12:00:00+08:00` }));
    const dispatcher = current!;
    await dispatcher.goto(`${server.baseUrl}/work-orders/${order.id}`);
    await dispatcher.getByTestId('action-dispatch').click();
    const flag = dispatcher.getByTestId('candidate-repeat');
    await flag.waitFor();
    expect(await flag.innerText()).toContain(`返修：上次 ${firstRepair.date} ${techName} 更换电容`);
    const mark = dispatcher.getByTestId(`candidate-earlier-${ids.technician}`);
    await mark.waitFor();
    expect(await mark.innerText()).toBe('上次技师');
    await screenshot(dispatcher, 'quality-03b-dispatch-drawer-repeat');
    expect(consoleErrors(dispatcher)).toEqual([]);
  });

  it('counts it on the first technician: the 返修 list and the figures name 王强 and his outlet', async () => {
    const manager = await desktop();
    await signInAndWait(manager, server.baseUrl, users.manager, password);
    await clickMenu(manager, '返修');
    await manager.waitForURL(/\/quality\/repeat-repairs$/);
    const row = manager.locator('.ant-table-row', { hasText: firstRepair.workOrderNumber });
    await row.waitFor();
    expect(await row.innerText()).toContain(techName);
    expect(await row.innerText()).toContain(outletName);
    await screenshot(manager, 'quality-04-repeat-list');
    const figures = ok(await admin<{ rows: Array<{ id: string; name: string; visits: number; repeatRepairs: number; topRepeatReasons: Array<{ faultCode: string; count: number }> }> }>('GET', `/api/quality/figures?from=${shanghaiDateFromNow(-45)}&to=${shanghaiDateFromNow(0)}&groupBy=technician`), 200);
    expect(figures.rows.find((item) => item.id === ids.technician)).toMatchObject({ name: techName, visits: 2, repeatRepairs: 1, topRepeatReasons: [{ faultCode: 'no_cooling', count: 1 }] });
  });

  it('the manager approves the proposed penalty on the ledger page', async () => {
    const manager = current!;
    await clickMenu(manager, '奖惩台账');
    await manager.waitForURL(/\/quality\/ledger$/);
    const rows = manager.locator('.ant-table-row', { hasText: techName });
    await expect.poll(() => rows.count()).toBe(1);
    const row = rows.first();
    for (const expected of ['返修扣款', '¥50.00', '待审批']) await row.getByText(expected).first().waitFor();
    expect(await row.innerText()).not.toContain('重复');
    await screenshot(manager, 'quality-05-ledger-proposed');
    await row.getByTestId('ledger-approve').click();
    await manager.getByTestId('decide-ok').click();
    await row.getByText('已批准').waitFor();
    await row.getByText('售后经理孙').waitFor();
    const stored = ok(await admin<{ items: Array<{ status: string; amountFen: number; multiplier: number }> }>('GET', `/api/quality/ledger?userId=${ids.technicianUser}&page=1&pageSize=20`), 200);
    expect(stored.items).toMatchObject([{ status: 'approved', amountFen: 5000, multiplier: 1 }]);
  });

  it('the same kind again within the period (the second unit comes back): the proposed amount is doubled on the ledger page', async () => {
    ok(await admin('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: ids.customer, assetId: ids.assets.second, faultCategory: 'no_cooling', description: '另一台也不制冷了', contactPhone: phone, allowDuplicate: true }));
    const manager = current!;
    await manager.reload();
    const proposed = manager.locator('.ant-table-row', { hasText: '待审批' }).filter({ hasText: techName });
    await proposed.waitFor();
    await proposed.getByText('¥100.00').waitFor();
    await proposed.getByText('重复 ×2（基数 ¥50.00）').waitFor();
    await screenshot(manager, 'quality-06-ledger-doubled');
    const stored = ok(await admin<{ items: Array<{ status: string; amountFen: number; points: number; multiplier: number }> }>('GET', `/api/quality/ledger?userId=${ids.technicianUser}&status=proposed&page=1&pageSize=20`), 200);
    expect(stored.items).toMatchObject([{ amountFen: 10000, points: 4, multiplier: 2 }]);
    expect(consoleErrors(manager)).toEqual([]);
  });
});
