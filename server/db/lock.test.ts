import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './client';

const ROOT = path.resolve(__dirname, '../..');

function startServer(dataDir: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'server/main.ts', 'start'], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', PORT: '0', HOST: '127.0.0.1', AFTERSALES_DATA_DIR: dataDir, LOG_LEVEL: 'warn', AFTERSALES_ADMIN_PASSWORD: 'Admin12345pw', DATABASE_URL: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function waitForOutput(child: ChildProcess, pattern: RegExp, timeoutMs = 60_000): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pattern}; got: ${output}`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (pattern.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.on('exit', (code) => {
      clearTimeout(timer);
      if (!pattern.test(output)) reject(new Error(`exited with ${code} before ${pattern}; got: ${output}`));
    });
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
}

function waitForExit(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.on('exit', (code) => resolve(code));
  });
}

describe('the embedded database directory lock', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftersales-lock-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const child of children) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a second lock in the same process tree and takes over a stale one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'aftersales-lockunit-'));
    fs.writeFileSync(path.join(dir, 'aftersales.lock'), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    fs.writeFileSync(path.join(dir, 'aftersales.lock'), '999999999');
    const release = lockDataDir(dir);
    expect(fs.readFileSync(path.join(dir, 'aftersales.lock'), 'utf8')).toBe(String(process.pid));
    release();
    expect(fs.existsSync(path.join(dir, 'aftersales.lock'))).toBe(false);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a second server on the same directory exits at once with a clear message; SIGTERM closes the first cleanly', async () => {
    const first = startServer(dataDir);
    children.push(first);
    await waitForOutput(first, /Aftersales is running/);

    const second = startServer(dataDir);
    children.push(second);
    const message = await waitForOutput(second, /in use by another Aftersales process/);
    expect(message).toContain(`pid ${first.pid}`);
    expect(await waitForExit(second)).toBe(3);

    first.kill('SIGTERM');
    expect(await waitForExit(first)).toBe(0);
    expect(fs.existsSync(path.join(dataDir, 'aftersales.lock'))).toBe(false);

    // The database closed cleanly: a new start on the same directory opens it and keeps the admin.
    const third = startServer(dataDir);
    children.push(third);
    const output = await waitForOutput(third, /Aftersales is running/);
    expect(output).not.toContain('First start');
    third.kill('SIGTERM');
    expect(await waitForExit(third)).toBe(0);
  }, 120_000);
});
