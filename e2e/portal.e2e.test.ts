import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN_PASSWORD, apiSession, openBrowserSession, screenshot, type ApiCall, type BrowserSession, type RunningServer } from './harness';

/**
 * The public customer portal on a phone-sized screen against the real server: a fresh mobile
 * number asks for a code (read back from the outbox with the admin's session, as in development),
 * signs in, files a first request with name and a Shanghai address, reads back the number and
 * the promised time, follows the ticket; a staff note marked customer-visible shows up on the
 * portal, an internal one never does.
 */
describe('customer portal', () => {
  let session: BrowserSession;
  let server: RunningServer;
  let page: Page;
  let problems: string[];
  const phone = `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
  let ticketNumber = '';
  let ticketId = '';
  /** A JSON call with the admin's session (Node fetch, cookie + CSRF token). */
  let staff: ApiCall;

  /** The last code sent to the phone, from the outbox. */
  async function lastCode(): Promise<string> {
    let found = '';
    await expect
      .poll(async () => {
        const outbox = await staff<{ items: { body: string; createdAt?: string }[] }>('GET', `/api/outbox?recipient=${phone}`);
        const match = outbox.body.items?.map((item) => /验证码是\s*(\d{6})/.exec(item.body)).find(Boolean);
        found = match ? match[1] : '';
        return found;
      })
      .toMatch(/^\d{6}$/);
    return found;
  }

  beforeAll(async () => {
    session = await openBrowserSession({ context: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'UTC' } });
    ({ server, page, problems } = session);
    staff = await apiSession(server.baseUrl, 'admin', ADMIN_PASSWORD);
  });

  afterAll(() => session?.close());

  it('verifies a fresh mobile number by SMS code (wrong code first)', async () => {
    await page.goto(`${server.baseUrl}/portal`);
    await page.getByTestId('portal-login').waitFor();
    await page.getByText('售后服务自助').waitFor();
    await screenshot(page, 'portal-01-login');

    await page.getByTestId('portal-phone').locator('input').fill(phone);
    await page.getByTestId('portal-get-code').click();
    await page.getByText('验证码已发送，10 分钟内有效').waitFor();
    await expect.poll(() => page.getByTestId('portal-get-code').innerText()).toMatch(/^\d+ 秒后重发$/);
    expect(await page.getByTestId('portal-get-code').isDisabled()).toBe(true);
    const seconds = async () => Number(/\d+/.exec(await page.getByTestId('portal-get-code').innerText())![0]);
    const first = await seconds();
    await expect.poll(seconds, { timeout: 5000 }).toBeLessThan(first); // it really ticks

    const code = await lastCode();
    const wrong = code === '000000' ? '111111' : '000000';
    await page.getByTestId('portal-code').locator('input').fill(wrong);
    await page.getByTestId('portal-sign-in').click();
    await expect.poll(() => page.getByTestId('portal-login-error').innerText()).toBe('验证码错误或已过期（还可再试 4 次）');
    await screenshot(page, 'portal-02-wrong-code');

    await page.getByTestId('portal-code').locator('input').fill(code);
    await page.getByTestId('portal-sign-in').click();
    await page.getByText('您还没有服务单').waitFor();
    await page.getByText(`当前手机号 ${phone.slice(0, 3)}****${phone.slice(7)}`).waitFor();
  });

  it('files a first request as a new customer with name and a Shanghai address', async () => {
    await page.getByRole('tab', { name: '提交服务申请' }).click();
    await page.getByTestId('portal-new').waitFor();
    await page.getByText('首次申请，请留下您的姓名和地址').waitFor();
    await page.getByTestId('portal-type').getByText('安装', { exact: true }).click();
    await page.getByTestId('portal-description').locator('textarea:not([aria-hidden])').fill('新买的燃气热水器需要安装，厨房已预留管道。');

    // preferred day: the picker opens on the first possible day; take it, morning
    await page.getByTestId('portal-day').click();
    await page.locator('.adm-picker-header-button').filter({ hasText: '确定' }).click();
    await expect.poll(() => page.getByTestId('portal-day').innerText()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.getByText('上午 9–12 点').click();

    await page.getByTestId('portal-name').locator('input').fill('陈女士');
    await page.getByTestId('portal-region').click();
    const cascader = page.locator('.adm-cascader');
    await cascader.getByText('上海市', { exact: true }).click();
    await cascader.getByText('市辖区', { exact: true }).click();
    await cascader.getByText('浦东新区', { exact: true }).click();
    await cascader.locator('.adm-cascader-header-button').filter({ hasText: '确定' }).click();
    await expect.poll(() => page.getByTestId('portal-region').innerText()).toBe('上海市 市辖区 浦东新区');
    await page.getByTestId('portal-detail').locator('input').fill('张江路 88 弄 6 号 301 室');
    await screenshot(page, 'portal-03-form');

    await page.getByTestId('portal-submit').click();
    const number = await page.getByTestId('portal-result-number').innerText();
    const match = /^您的服务单号是 (SH\d{8}-\d{4})$/.exec(number);
    expect(match, number).not.toBeNull();
    ticketNumber = match![1];
    expect(await page.getByTestId('portal-result-promise').innerText()).toMatch(/^我们将在 \d{1,2}月\d{1,2}日 \d{2}:\d{2} 前联系您$/);
    await page.getByText('提交成功').waitFor();
    await screenshot(page, 'portal-04-result');
  });

  it('follows the ticket: timeline, promised time, no technician yet', async () => {
    await page.getByTestId('portal-result-view').click();
    await page.waitForURL(/\/portal\/tickets\/[0-9a-f-]{36}$/);
    ticketId = page.url().split('/').pop()!;
    const detail = page.getByTestId('portal-ticket-detail');
    await detail.waitFor();
    expect(await page.getByTestId('portal-detail-number').innerText()).toBe(ticketNumber);
    expect(await page.getByTestId('portal-promise').innerText()).toMatch(/我们将在 \d{1,2}月\d{1,2}日 \d{2}:\d{2} 前联系您/);
    expect(await page.getByTestId('portal-technician').innerText()).toBe('服务技师：待安排');
    await page.getByTestId('portal-timeline').getByText('已提交服务申请').waitFor();
    await detail.getByText('上海市浦东新区张江路 88 弄 6 号 301 室').waitFor();
    await screenshot(page, 'portal-05-detail');
  });

  it('shows a customer-visible staff note but never an internal one', async () => {
    const visible = await staff('POST', `/api/tickets/${ticketId}/notes`, { text: '师傅明天上午联系您确认上门时间', isCustomerVisible: true });
    expect(visible.status, JSON.stringify(visible.body)).toBeLessThan(300);
    const internal = await staff('POST', `/api/tickets/${ticketId}/notes`, { text: '内部：客户家里有狗，上门前先电话', isCustomerVisible: false });
    expect(internal.status, JSON.stringify(internal.body)).toBeLessThan(300);

    await page.reload();
    const timeline = page.getByTestId('portal-timeline');
    await timeline.getByText('师傅明天上午联系您确认上门时间').waitFor();
    await timeline.getByText('客服留言').waitFor();
    expect(await page.getByText('内部：客户家里有狗').count()).toBe(0);
    expect(await page.content()).not.toContain('客户家里有狗');
    await screenshot(page, 'portal-06-detail-note');
  });

  it('lists the ticket, switches to English and signs out', async () => {
    await page.locator('.adm-nav-bar-back').click();
    const row = page.getByTestId(`portal-ticket-${ticketNumber}`);
    await row.waitFor();
    await row.getByText('新建').or(row.getByText('已受理')).first().waitFor();
    await screenshot(page, 'portal-07-list');

    await page.getByTestId('portal-lang').click();
    await page.getByRole('tab', { name: 'My tickets' }).waitFor();
    await screenshot(page, 'portal-08-english');
    await page.getByTestId('portal-lang').click();

    await page.getByTestId('portal-logout').click();
    await page.getByTestId('portal-login').waitFor();
    // the portal session is gone on the server too
    const me = await page.evaluate(async () => (await fetch('/api/portal/me')).status);
    expect(me).toBe(401);
    // desktop: the same centred column
    await page.setViewportSize({ width: 1280, height: 800 });
    const box = await page.getByTestId('portal-root').boundingBox();
    expect(box!.width).toBeLessThanOrEqual(480);
    expect(Math.round(box!.x)).toBe(Math.round((1280 - box!.width) / 2));
    await screenshot(page, 'portal-09-desktop');

    const relevant = problems.filter((text) => !/status of 4\d\d/.test(text));
    expect(relevant).toEqual([]);
  });
});
