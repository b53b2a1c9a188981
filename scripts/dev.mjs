#!/usr/bin/env node
/** `npm run dev`: the API with reload on :3000 and Vite with hot reload on :5173 (proxying /api). */
import { spawn } from 'node:child_process';

const children = [
  spawn('npx', ['tsx', 'watch', 'server/main.ts', 'start'], { stdio: 'inherit', env: { ...process.env, AFTERSALES_SKIP_WEB_BUILD: '1' } }),
  spawn('npx', ['vite'], { stdio: 'inherit' }),
];
const stop = () => {
  for (const child of children) child.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const child of children) child.on('exit', stop);
