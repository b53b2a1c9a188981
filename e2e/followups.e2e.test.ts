import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN, openBrowserSession, pageApi, screenshot, screenshotIfFailed, type BrowserSession, type SuiteClock } from './harness';

/** The follow-up pages as the admin sees them (issue 15): 回访 with the policy, 回访稽核, 定期回访, and the survey link on a phone. */
const CLOCK: SuiteClock = { now: '2026-11-23T02:00:00Z' };

describe('follow-up pages in the browser', () => {
  let session: BrowserSession;
  let page: Page;
  beforeAll(async () => {
    session = await openBrowserSession({ signIn: ADMIN, clock: CLOCK });
    page = session.page;
  });
  afterEach((test) => screenshotIfFailed(page, 'followups', test));
  afterAll(() => session?.close());

  it('shows the queue with the 回访制度 section', async () => {
    await page.goto(`${session.server.baseUrl}/followups`);
    await page.getByText('回访制度').waitFor();
    await page.getByText('最多拨打次数').waitFor();
    await screenshot(page, 'followups-01-queue-policy');
  });

  it('draws the weekly audit sample (empty week) and shows its seed', async () => {
    await page.goto(`${session.server.baseUrl}/followups/audits`);
    await page.getByRole('button', { name: '抽取上周样本' }).click();
    await page.getByText('随机种子').waitFor();
    expect(await page.getByText('2026-11-16').count()).toBeGreaterThan(0);
    await screenshot(page, 'followups-02-audit');
  });

  it('generates the quarter\'s periodic plan for the customers', async () => {
    for (let index = 0; index < 6; index++) {
      await pageApi(page, 'POST', '/api/customers', { kind: 'person', name: `定期客户${index + 1}`, phones: [{ phone: `1390000${String(1000 + index)}` }] });
    }
    await page.goto(`${session.server.baseUrl}/followups/periodic`);
    await page.getByText('2026-Q4').waitFor();
    await page.getByRole('button', { name: '生成本季度计划' }).click();
    await page.getByText(/已生成 \d+ 条/).waitFor();
    await screenshot(page, 'followups-03-periodic');
  });

  it('opens a survey link without signing in on a phone (an unknown link says so)', async () => {
    const phone = await session.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true });
    const mobile = await phone.newPage();
    await mobile.goto(`${session.server.baseUrl}/portal/survey/${'A'.repeat(32)}`);
    await mobile.getByText('评价链接无效').waitFor();
    await screenshot(mobile, 'followups-04-survey-unknown');
    // The form's phone layout, with the survey answered by a stubbed GET (the real round trip is in the server tests).
    await mobile.route('**/api/portal/surveys/B*', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify({ workOrderNumber: 'SH20261120-0001-1', workType: 'repair', workDone: '更换电容，试机正常', finishedAt: '2026-11-20T02:00:00.000Z', expiresAt: '2026-11-26T02:00:00.000Z', categories: ['裂缝', '不平整', '服务态度', '响应慢', '收费不合理', '未修好', '乱收费'] }) }));
    await mobile.goto(`${session.server.baseUrl}/portal/survey/${'B'.repeat(32)}`);
    await mobile.getByText('服务评价').waitFor();
    await mobile.getByRole('radiogroup', { name: '总体满意度' }).getByRole('radio', { name: '4' }).click();
    await screenshot(mobile, 'followups-05-survey-form');
    await phone.close();
  });
});
