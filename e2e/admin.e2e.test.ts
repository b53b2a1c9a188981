import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { ADMIN, clickMenu, openBrowserSession, screenshot, signIn, type BrowserSession, type RunningServer } from './harness';

/** The admin pages against the real server: outlets, users (reset, disable), API tokens, sessions. */
describe('admin pages', () => {
  let session: BrowserSession;
  let server: RunningServer;
  let page: Page;
  let problems: string[];
  const suffix = Date.now().toString(36).slice(-4).toUpperCase();
  const outletCode = `SH-${suffix}`;
  const agentUser = `agent${suffix.toLowerCase()}`;
  let agentPassword = 'Agent12345pw'; // replaced by the one-time password of the reset

  const menu = (label: string) => clickMenu(page, label);
  const confirmDialog = () => page.locator('.ant-modal-confirm').getByRole('button', { name: /确\s*定/ }).click();

  beforeAll(async () => {
    session = await openBrowserSession({ signIn: ADMIN });
    ({ server, page, problems } = session);
  });

  afterAll(() => session?.close());

  it('creates and edits an outlet, and shows a duplicate code error on the field', async () => {
    await menu('网点');
    await page.waitForURL(/\/outlets$/);
    await page.getByRole('button', { name: /新建网点/ }).click();
    await page.locator('#outlet-form_code').fill(outletCode);
    await page.locator('#outlet-form_name').fill('上海浦东服务网点');
    await page.locator('#outlet-form_phone').fill('021-12345678');
    await page.locator('#outlet-form_address').fill('上海市浦东新区世纪大道 100 号');
    await page.locator('.ant-drawer').getByRole('button', { name: /保\s*存/ }).click();
    await page.locator('.ant-table-row', { hasText: outletCode }).waitFor();

    await page.getByRole('button', { name: /新建网点/ }).click();
    await page.locator('#outlet-form_code').fill(outletCode);
    await page.locator('#outlet-form_name').fill('重复网点');
    await page.locator('.ant-drawer').getByRole('button', { name: /保\s*存/ }).click();
    const fieldError = page.locator('#outlet-form_code_help');
    await fieldError.waitFor();
    expect((await fieldError.innerText()).length).toBeGreaterThan(0);
    await screenshot(page, 'admin-01-outlet-duplicate');
    await page.locator('.ant-drawer').getByRole('button', { name: /取\s*消/ }).click();

    await page.locator('.ant-table-row', { hasText: outletCode }).getByRole('button', { name: /编\s*辑/ }).click();
    await page.locator('#outlet-form_name').fill('上海浦东旗舰网点');
    await page.locator('.ant-drawer').getByRole('button', { name: /保\s*存/ }).click();
    await page.locator('.ant-table-row', { hasText: '上海浦东旗舰网点' }).waitFor();
    await screenshot(page, 'admin-02-outlets');
  });

  it('creates a user with a set password, resets the password and disables the user', async () => {
    await menu('用户');
    await page.waitForURL(/\/users$/);
    await page.getByRole('button', { name: /新建用户/ }).click();
    await page.locator('#user-form_username').fill(agentUser);
    await page.locator('#user-form_displayName').fill('李客服');
    await page.locator('#user-form_roles').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '客服' }).click();
    await page.locator('#user-form_displayName').click();
    await page.locator('#user-form_outletId').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: outletCode }).click();
    await page.locator('#user-form_phone').fill('13800138000');
    await page.locator('#user-form_password').fill('Agent12345pw');
    await page.getByTestId('user-save').click();
    const row = page.locator('.ant-table-row', { hasText: agentUser });
    await row.waitFor();
    expect(await row.innerText()).toContain('上海浦东旗舰网点');
    expect(await page.getByTestId('secret-value').count()).toBe(0);

    await page.getByTestId(`user-more-${agentUser}`).click();
    await page.getByRole('menuitem', { name: '重置密码' }).click();
    await confirmDialog();
    const secret = page.getByTestId('secret-value');
    await secret.waitFor();
    agentPassword = await secret.inputValue();
    expect(agentPassword.length).toBeGreaterThanOrEqual(10);
    await page.getByTestId('secret-close').click();
    await row.getByText('待改密').waitFor();

    await page.getByTestId(`user-more-${agentUser}`).click();
    await page.getByRole('menuitem', { name: '停用' }).click();
    await confirmDialog();
    await row.getByText('已停用').waitFor();
    await screenshot(page, 'admin-03-users');
  });

  it('filters users by status', async () => {
    await page.locator('#user-search_isDisabled').click();
    await page.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '已停用' }).click();
    const filtered = page.waitForResponse((response) => response.url().includes('isDisabled=true'));
    await page.getByRole('button', { name: /查\s*询/ }).click();
    await filtered;
    await page.locator('.ant-table-row', { hasText: agentUser }).waitFor();
    expect(await page.locator('.ant-table-row', { hasText: 'admin' }).count()).toBe(0);
  });

  it('creates an API token, shows the secret once and revokes it', async () => {
    await menu('API 令牌');
    await page.waitForURL(/\/tokens$/);
    await page.getByRole('button', { name: /新建令牌/ }).click();
    await page.locator('#token-form_name').fill('ERP 集成');
    await page.locator('.ant-modal').getByText('查看用户').click();
    await page.locator('#token-form_expiresInDays').fill('30');
    await screenshot(page, 'admin-04a-token-form');
    await page.locator('.ant-modal').getByRole('button', { name: /新\s*建/ }).click();
    const secret = page.getByTestId('secret-value');
    await secret.waitFor();
    expect(await secret.inputValue()).toMatch(/^ast_/);
    await screenshot(page, 'admin-04-token-secret');
    await page.getByTestId('secret-close').click();
    const row = page.locator('.ant-table-row', { hasText: 'ERP 集成' });
    await row.getByText('有效').waitFor();
    await row.getByRole('button', { name: /吊\s*销/ }).click();
    await page.locator('.ant-popconfirm').getByRole('button', { name: /确\s*定/ }).click();
    await row.getByText('已吊销').waitFor();
    await screenshot(page, 'admin-05-tokens');
  });

  it('lists my sessions with the current one marked', async () => {
    await menu('我的账户');
    await page.getByRole('tab', { name: '登录会话' }).click();
    await page.getByText('当前会话').waitFor();
    await screenshot(page, 'admin-06-sessions');
  });

  it('refuses the disabled user at sign-in with a clear message', async () => {
    await page.getByTestId('user-menu').click();
    await page.getByRole('menuitem', { name: /退出登录/ }).click();
    await page.waitForURL(/\/login$/);
    await signIn(page, server.baseUrl, agentUser, agentPassword);
    await page.getByText('该账户已被停用，请联系管理员').waitFor();
    await screenshot(page, 'admin-07-disabled-login');
  });

  it('had no console errors or CSP violations', () => {
    const relevant = problems.filter((text) => !/status of 4\d\d/.test(text));
    expect(relevant).toEqual([]);
  });
});
