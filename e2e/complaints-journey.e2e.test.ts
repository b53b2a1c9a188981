import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  ADMIN_PASSWORD,
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
  type ApiCall,
  type RunningServer,
  type SuiteClock,
} from './harness';

/** 10:00 in Shanghai on a weekday; E2E_NOW / E2E_TZ (scripts/e2e-any-hour.mjs) run it at other moments. */
const CLOCK: SuiteClock = { now: '2026-12-03T02:00:00Z', timeZone: 'Asia/Shanghai' };

/**
 * The complaint part of issue 15's journey against the real server, in a real browser: an agent
 * registers a service-attitude complaint against a technician on the 投诉 page; a supervisor
 * starts the investigation and names the technician responsible on the detail page → a penalty is
 * proposed in quality's ledger, and the manager approves it; the same complaint type against the
 * same technician again → the proposal is doubled (quality's repeat rule), shown on the timeline;
 * the first complaint is closed only after a confirmed call-back; the figures count both.
 */
describe('complaints journey: complaint → technician responsible → penalty approved → the same again doubled', () => {
  let server: RunningServer;
  let browser: Browser;
  let admin: ApiCall;
  let manager: ApiCall;
  const contexts: BrowserContext[] = [];
  let current: Page | undefined;
  const suffix = Date.now().toString(36).slice(-5).toLowerCase();
  const password = 'Complaint12345pw';
  const users = { agent: `cagent${suffix}`, supervisor: `csup${suffix}`, manager: `cmgr${suffix}`, tech: `ctech${suffix}` };
  const ids = { outlet: '', customer: '', technician: '', technicianUser: '', first: '', second: '' };
  const customerName = `钱芳${suffix.slice(-2)}`;

  const ok = <T,>(result: { status: number; body: T }, status = 201): T => {
    expect(result.status, JSON.stringify(result.body)).toBe(status);
    return result.body;
  };

  async function desktop(username: string): Promise<Page> {
    const { context, page } = await newWatchedPage(browser, { locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 900 } });
    contexts.push(context);
    current = page;
    await signInAndWait(page, server.baseUrl, username, password);
    return page;
  }

  let supervisorPage: Page | undefined;
  /** The supervisor's page, signed in once for the whole journey. */
  async function supervisor(): Promise<Page> {
    supervisorPage ??= await desktop(users.supervisor);
    current = supervisorPage;
    return supervisorPage;
  }

  beforeAll(async () => {
    setSuiteClock(CLOCK);
    server = await startServer();
    browser = await launchBrowser();
    admin = await apiSession(server.baseUrl, 'admin', ADMIN_PASSWORD);
  });

  afterEach(async (test) => screenshotIfFailed(current, 'complaints', test));

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await server?.stop();
  });

  it('sets up through the API: outlet, customer, people, the technician, the ledger rule of service-attitude complaints', async () => {
    ids.outlet = ok(await admin<{ id: string }>('POST', '/api/outlets', { code: `CP-${suffix.toUpperCase()}`, name: `闵行网点${suffix.slice(-2)}`, kind: 'own' })).id;
    ids.customer = ok(
      await admin<{ id: string }>('POST', '/api/customers', { kind: 'person', name: customerName, phones: [{ phone: `136${String(Date.now()).slice(-8)}` }], addresses: [{ provinceCode: '310000', cityCode: '310100', districtCode: '310112', detail: '莘庄镇 1 号' }] }),
    ).id;
    const createUser = async (username: string, displayName: string, roles: string[], outletId: string | null = null) =>
      ok(await admin<{ user: { id: string } }>('POST', '/api/users', { username, displayName, roles, outletId, password })).user.id;
    await createUser(users.agent, '客服小林', ['agent']);
    await createUser(users.supervisor, '质检主管吴', ['supervisor']);
    await createUser(users.manager, '售后经理郑', ['manager']);
    ids.technicianUser = await createUser(users.tech, '陈师傅', ['technician'], ids.outlet);
    ids.technician = ok(await admin<{ id: string }>('POST', '/api/technicians', { userId: ids.technicianUser, outletId: ids.outlet, grade: 'senior' })).id;
    ok(await admin('POST', '/api/quality/rules', { code: `ca_${suffix}`, name: '服务态度投诉', kind: 'penalty', amountFen: 10_000, points: 2, trigger: 'manual', repeatWindowDays: 90, repeatMultiplier: 2 }));
    const settings = ok(await admin<Record<string, unknown>>('GET', '/api/complaints/settings'), 200);
    ok(await admin('PUT', '/api/complaints/settings', { ...settings, penaltyRuleByType: { service_attitude: `ca_${suffix}` } }), 200);
    manager = await apiSession(server.baseUrl, users.manager, password);
  });

  it('an agent registers the complaint on the 投诉 page', async () => {
    const page = await desktop(users.agent);
    await clickMenu(page, '投诉');
    await page.waitForURL(/\/complaints$/);
    await page.getByRole('button', { name: /登记投诉/ }).click();
    await page.locator('#complaint-new_type').click();
    await page.locator('.ant-select-dropdown .ant-select-item-option', { hasText: '服务态度' }).click();
    await page.locator('#complaint-new_customerId').fill(ids.customer);
    await page.locator('#complaint-new_account').fill('陈师傅上门时态度恶劣，嫌我问题多，还摔门');
    await screenshot(page, 'complaints-01-new');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await page.waitForURL(/\/complaints\/[0-9a-f-]{36}$/);
    ids.first = page.url().split('/').at(-1)!;
    await page.getByTestId('complaint-account').getByText('陈师傅上门时态度恶劣', { exact: false }).waitFor();
    // The technician is linked through the API (the form takes a work order; this complaint names the person).
    const detail = ok(await admin<{ version: number }>('GET', `/api/complaints/${ids.first}`), 200);
    expect(detail.version).toBe(1);
  });

  it('a supervisor starts the investigation and names the technician responsible: a penalty is proposed; the manager approves it', async () => {
    const page = await supervisor();
    await page.goto(`${server.baseUrl}/complaints/${ids.first}`);
    await page.getByRole('button', { name: '开始调查（首次响应）' }).click();
    await page.getByText('提交责任分析').waitFor();
    await page.getByLabel('技师', { exact: true }).check();
    await page.locator('#complaint-responsibility_technicianId').fill(ids.technician);
    await page.locator('#complaint-responsibility_findings').fill('经核实技师服务用语不规范，与客户发生争执');
    await page.getByRole('button', { name: '提交责任分析' }).click();
    await page.getByText(/已在奖惩台账生成处罚建议 1 条/).waitFor();
    await page.getByTestId('event-penalty_proposed').getByText('处罚建议：¥100.00').waitFor();
    await screenshot(page, 'complaints-02-responsibility');
    const entries = ok(await manager<{ items: { id: string; sourceId: string; amountFen: number; multiplier: number }[] }>('GET', `/api/quality/ledger?userId=${ids.technicianUser}`), 200);
    const entry = entries.items.find((item) => item.sourceId === ids.first)!;
    expect(entry).toMatchObject({ amountFen: 10_000, multiplier: 1 });
    ok(await manager('POST', `/api/quality/ledger/${entry.id}/decision`, { action: 'approve' }), 200);
  });

  it('the same complaint type against the same technician again: the proposal is doubled', async () => {
    const agent = await apiSession(server.baseUrl, users.agent, password);
    const second = ok(await agent<{ id: string; version: number }>('POST', '/api/complaints', { channel: 'phone', type: 'service_attitude', severity: 'normal', customerId: ids.customer, account: '又是陈师傅，说话很冲', technicianId: ids.technician }));
    ids.second = second.id;
    ok(await agent('POST', `/api/complaints/${second.id}/investigation`, { version: 1 }), 200);
    const page = await supervisor();
    await page.goto(`${server.baseUrl}/complaints/${second.id}`);
    await page.getByText('提交责任分析').waitFor();
    await page.locator('#complaint-responsibility_findings').fill('同一技师再次因服务态度被投诉');
    await page.getByRole('button', { name: '提交责任分析' }).click();
    await page.getByTestId('event-penalty_proposed').getByText('处罚建议：¥200.00 ×2').waitFor();
    await screenshot(page, 'complaints-03-doubled');
    const entries = ok(await manager<{ items: { sourceId: string; amountFen: number; multiplier: number; status: string }[] }>('GET', `/api/quality/ledger?userId=${ids.technicianUser}`), 200);
    expect(entries.items.find((item) => item.sourceId === second.id)).toMatchObject({ amountFen: 20_000, multiplier: 2, status: 'proposed' });
  });

  it('the first complaint closes only after the supervisor’s confirmed call-back; the figures count both', async () => {
    const agent = await apiSession(server.baseUrl, users.agent, password);
    let detail = ok(await agent<{ version: number }>('GET', `/api/complaints/${ids.first}`), 200);
    detail = ok(await agent<{ version: number }>('POST', `/api/complaints/${ids.first}/plan`, { version: detail.version, plan: '经理上门致歉，更换技师复检', customerAgreed: true }), 200);
    detail = ok(await agent<{ version: number }>('POST', `/api/complaints/${ids.first}/resolved`, { version: detail.version, note: '已上门致歉' }), 200);
    const supervisorApi = await apiSession(server.baseUrl, users.supervisor, password);
    const early = await supervisorApi<{ error: { details: { path: string[] }[] } }>('POST', `/api/complaints/${ids.first}/close`, { version: detail.version });
    expect(early.status).toBe(409);
    expect(early.body.error.details[0].path).toEqual(['verification']);
    const page = await supervisor();
    await page.goto(`${server.baseUrl}/complaints/${ids.first}`);
    await page.getByText('客户确认已解决', { exact: true }).click();
    await page.getByRole('button', { name: '记录回访' }).click();
    await page.getByTestId('event-verification').waitFor();
    await page.getByRole('button', { name: /结\s?案/ }).click();
    await page.getByTestId('event-closed').waitFor();
    await screenshot(page, 'complaints-04-closed');
    await clickMenu(page, '投诉');
    await page.getByRole('tab', { name: '统计' }).click();
    await page.getByText('按责任方').waitFor();
    await screenshot(page, 'complaints-05-figures');
    await page.getByRole('tab', { name: '投诉列表' }).click();
    await page.locator('.ant-table-row').first().waitFor();
    await screenshot(page, 'complaints-06-list');
    const stats = ok(await manager<{ total: number; byResponsibility: { key: string; count: number }[] }>('GET', `/api/complaints/stats?from=${shanghaiDateFromNow(0).slice(0, 7)}&to=${shanghaiDateFromNow(0).slice(0, 7)}`), 200);
    expect(stats.total).toBe(2);
    expect(stats.byResponsibility).toEqual([{ key: 'technician', count: 2 }]);
  });
});
