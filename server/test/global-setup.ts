import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { adminQuery, createTemplate, testDbKind } from './db';

declare module 'vitest' {
  export interface ProvidedContext {
    dbTemplate: string;
  }
}

/** Migrates one template database per run; test files clone it. */
export default async function setup(project: TestProject) {
  const runId = `${Date.now().toString(36)}${process.pid}`;
  const template = await createTemplate(runId);
  project.provide('dbTemplate', template);
  return async () => {
    if (testDbKind() === 'postgres') {
      await adminQuery(`DROP DATABASE IF EXISTS ${template}`);
    } else {
      fs.rmSync(template, { force: true });
    }
  };
}
