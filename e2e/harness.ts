import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCREENSHOTS = path.join(ROOT, 'e2e', 'screenshots');
export const ADMIN_PASSWORD = 'Admin12345pw';

/** Chromium from Debian (apt-get install chromium fonts-wqy-microhei); never downloaded by Playwright. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type RunningServer = {
  baseUrl: string;
  dataDir: string;
  output: () => string;
  stop: () => Promise<void>;
  /** Stops the server, keeps its data and starts it again on the same port (after `advanceSuiteClock`: at the new moment). */
  restart: () => Promise<RunningServer>;
};

/**
 * A fixed moment for a suite: the server's `Date` (through e2e/shift-clock.mjs), the pages' `Date`
 * (an init script, `shiftDateScript`) and the test's own dates (`suiteNow`, `shanghaiDateFromNow`)
 * start at `now` and run on from there, so the suite does not depend on when it is run.
 * `timeZone` is the server process's TZ (the browser's zone is the context's `timezoneId`).
 */
export type SuiteClock = { now: string; timeZone?: string };

/** E2E_NOW=<ISO instant> (and E2E_TZ=<zone> for the server) run any suite at that moment instead. */
const clockFromEnv: SuiteClock | undefined = process.env.E2E_NOW ? { now: process.env.E2E_NOW, timeZone: process.env.E2E_TZ } : undefined;
let clockOffsetMs = 0;
let serverTimeZone: string | undefined;

/** Sets this file's clock (E2E_NOW/E2E_TZ win); undefined: the machine's time. */
export function setSuiteClock(clock: SuiteClock | undefined): void {
  const chosen = clockFromEnv ?? clock;
  const start = chosen ? Date.parse(chosen.now) : Number.NaN;
  if (chosen && Number.isNaN(start)) throw new Error(`not an instant: ${chosen.now}`);
  clockOffsetMs = chosen ? start - Date.now() : 0;
  serverTimeZone = chosen?.timeZone || undefined;
}
setSuiteClock(undefined);

/**
 * Moves the suite's clock on by `milliseconds` (e.g. 40 days for a repeat repair). The running
 * server and the open pages keep their moment: `server.restart()` and new pages
 * (`newWatchedPage`) live at the new one.
 */
export function advanceSuiteClock(milliseconds: number): void {
  clockOffsetMs += milliseconds;
}

/** Now as the suite's server and browser see it. */
export function suiteNow(): Date {
  return new Date(Date.now() + clockOffsetMs);
}

/**
 * Page script: `Date` runs `offset` ms ahead, as e2e/shift-clock.mjs does on the server. Only the
 * date moves: timers, animation frames and `performance` stay the browser's own (Playwright's
 * `clock.install` would replace them with fake timers the page's widgets then run on). A string,
 * so no transpiler helper ends up in the page.
 */
const shiftDateScript = (offset: number) => `(() => {
  const RealDate = Date;
  const now = () => RealDate.now() + ${offset};
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver) => (property === 'now' ? now : Reflect.get(target, property, receiver)),
  });
})();`;

/** NODE_OPTIONS and TZ for the server process of a suite with a fixed clock. */
function clockEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  if (clockOffsetMs !== 0) {
    const preload = `--import=${pathToFileURL(path.join(ROOT, 'e2e', 'shift-clock.mjs')).href}`;
    env.NODE_OPTIONS = [process.env.NODE_OPTIONS, preload].filter(Boolean).join(' ');
    env.E2E_CLOCK_OFFSET_MS = String(clockOffsetMs);
  }
  if (serverTimeZone) env.TZ = serverTimeZone;
  return env;
}

/** Starts `tsx server/main.ts start` on a free port with a fresh data directory and waits for /api/health. */
export async function startServer(timeoutMs = 170_000, reuse?: { port: number; dataDir: string }): Promise<RunningServer> {
  // E2E_BASE_URL: drive an already running server instead (its data is not reset).
  const external = process.env.E2E_BASE_URL;
  if (external) {
    const running: RunningServer = { baseUrl: external.replace(/\/$/, ''), dataDir: '', output: () => '', stop: async () => {}, restart: async () => running };
    return running;
  }
  const port = reuse?.port ?? (await freePort());
  const dataDir = reuse?.dataDir ?? mkdtempSync(path.join(tmpdir(), 'aftersales-e2e-'));
  let log = '';
  const child: ChildProcess = spawn('npx', ['tsx', 'server/main.ts', 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      AFTERSALES_DATA_DIR: dataDir,
      AFTERSALES_ADMIN_PASSWORD: ADMIN_PASSWORD,
      NODE_ENV: 'production',
      ...clockEnv(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  let exited: number | null = null;
  child.on('exit', (code) => (exited = code ?? -1));

  const baseUrl = `http://127.0.0.1:${port}`;
  const halt = async () => {
    if (exited === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM'); // the process group we started (npx → tsx → node)
      } catch {
        child.kill('SIGTERM');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          try {
            if (child.pid) process.kill(-child.pid, 'SIGKILL');
          } catch {
            // already gone
          }
          resolve();
        }, 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  };
  const stop = async () => {
    await halt();
    rmSync(dataDir, { recursive: true, force: true });
  };
  const restart = async () => {
    await halt();
    return startServer(timeoutMs, { port, dataDir });
  };

  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== null) {
      await stop();
      throw new Error(`server exited with ${exited} before becoming healthy:\n${log.slice(-4000)}`);
    }
    try {
      const response = await fetch(`${baseUrl}/api/health`);
      if (response.ok && ((await response.json()) as { status?: string }).status === 'ok') {
        return { baseUrl, dataDir, output: () => log, stop, restart };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  await stop();
  throw new Error(`server not healthy after ${timeoutMs} ms:\n${log.slice(-4000)}`);
}

export async function launchBrowser(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.waitForTimeout(400); // let antd's open/tab/fade animations settle
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

export type ContextOptions = Parameters<Browser['newContext']>[0];

/** The desktop browser context of the staff pages: Chinese UI, UTC clock. */
export const DESKTOP: ContextOptions = { viewport: { width: 1366, height: 800 }, locale: 'zh-CN', timezoneId: 'UTC' };

export type WatchedPage = { context: BrowserContext; page: Page; problems: string[] };

/** A new browser context with one page (20 s default timeout) whose console errors are collected. */
export async function newWatchedPage(browser: Browser, options: ContextOptions = DESKTOP): Promise<WatchedPage> {
  const context = await browser.newContext(options);
  if (clockOffsetMs !== 0) await context.addInitScript({ content: shiftDateScript(clockOffsetMs) });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  return { context, page, problems: watchConsole(page) };
}

export type BrowserSession = WatchedPage & { server: RunningServer; browser: Browser; close: () => Promise<void> };

/**
 * The usual `beforeAll` of a browser suite: a fresh server, a browser and one watched page,
 * optionally signed in (waits for the home page's greeting). `close()` (for `afterAll`) closes
 * the context and the browser and stops the server; on a failure while opening, what was
 * already started is closed before the error is thrown.
 */
export async function openBrowserSession(options: { context?: ContextOptions; signIn?: { username: string; password: string }; clock?: SuiteClock } = {}): Promise<BrowserSession> {
  setSuiteClock(options.clock);
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let watched: WatchedPage | undefined;
  const close = async () => {
    await watched?.context.close();
    await browser?.close();
    await server?.stop();
  };
  try {
    server = await startServer();
    browser = await launchBrowser();
    watched = await newWatchedPage(browser, options.context ?? DESKTOP);
    if (options.signIn) await signInAndWait(watched.page, server.baseUrl, options.signIn.username, options.signIn.password);
    return { ...watched, server, browser, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

/** The admin's sign-in, for `openBrowserSession({ signIn: ADMIN })`. */
export const ADMIN = { username: 'admin', password: ADMIN_PASSWORD };

/** Collects console errors and CSP violations of a page. */
export function watchConsole(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
  return problems;
}

export async function signIn(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: /登\s*录/ }).click();
}

/** Signs in and waits for the home page's greeting. */
export async function signInAndWait(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await signIn(page, baseUrl, username, password);
  await page.getByText(/欢迎，/).waitFor();
}

/** Clicks the side menu entry with exactly this label, opening the menu's areas first when it is inside a closed one. */
export async function clickMenu(page: Page, label: string): Promise<void> {
  const entry = page.getByTestId('side-menu').getByText(label, { exact: true });
  if (!(await entry.isVisible())) await openMenuAreas(page);
  await entry.click();
}

/** Opens every closed area (sub-menu) of the expanded side menu. */
export async function openMenuAreas(page: Page): Promise<void> {
  const closed = page.getByTestId('side-menu').locator('.ant-menu-inline > .ant-menu-submenu:not(.ant-menu-submenu-open) > .ant-menu-submenu-title');
  for (let left = await closed.count(); left > 0; left = await closed.count()) await closed.first().click();
}

/** The side menu's top level in order: pages and area titles. */
export async function sideMenuTopLevel(page: Page): Promise<string[]> {
  const top = page.getByTestId('side-menu').locator('.ant-menu-root > li.ant-menu-item, .ant-menu-root > li.ant-menu-submenu > .ant-menu-submenu-title');
  return (await top.allInnerTexts()).map((text) => text.trim());
}

/** For `afterEach`: a full-page screenshot `<prefix>-failed-<test name>` when the test failed. */
export async function screenshotIfFailed(page: Page | undefined, prefix: string, test: { task: { name: string; result?: { state?: string } } }): Promise<void> {
  if (test.task.result?.state === 'fail' && page) await screenshot(page, `${prefix}-failed-${test.task.name.slice(0, 30).replace(/[^a-z0-9]+/gi, '-')}`).catch(() => {});
}

/** The labels of every page in the side menu, in order (its areas opened first). */
export async function sideMenuLabels(page: Page): Promise<string[]> {
  await openMenuAreas(page);
  const items = page.getByTestId('side-menu').locator('li.ant-menu-item');
  return (await items.allInnerTexts()).map((text) => text.trim());
}

/** A JSON call with the signed-in user's session from inside the page (same origin, cookie + CSRF token). */
export async function pageApi<T>(page: Page, method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
  return page.evaluate(
    async ({ method, path, body }) => {
      const me = (await (await fetch('/api/auth/me')).json()) as { csrfToken: string };
      const response = await fetch(path, {
        method,
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrfToken },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: await response.json() };
    },
    { method, path, body },
  ) as Promise<{ status: number; body: T }>;
}

export type ApiCall = <T = unknown>(method: string, path: string, body?: unknown) => Promise<{ status: number; body: T }>;

/**
 * A JSON API session from Node (no browser), for test set-up: signs in with username and
 * password and sends the session cookie and CSRF token on every call.
 */
export async function apiSession(baseUrl: string, username: string, password: string): Promise<ApiCall> {
  const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username, password }) });
  if (!login.ok) throw new Error(`sign-in of ${username}: ${login.status} ${await login.text()}`);
  const cookie = login.headers
    .getSetCookie()
    .map((value) => value.split(';')[0])
    .join('; ');
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return async <T,>(method: string, path: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { cookie, 'X-CSRF-Token': csrfToken, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  };
}

/** The Asia/Shanghai calendar date `days` from the suite's now, YYYY-MM-DD (negative: in the past). */
export function shanghaiDateFromNow(days: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(suiteNow().getTime() + days * 86_400_000));
}
