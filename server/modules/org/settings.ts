/**
 * Typed run-time settings. Every module defines its own key once with its schema and
 * default (`defineSetting`), and reads and writes it only through that accessor: a stored
 * value that no longer parses (an older shape) reads as the default filled in, never as junk.
 */
import type { z } from 'zod';
import type { Executor } from '../../db/client';
import { readSetting, writeSetting } from './org.repository';

export type SettingAccessor<T> = {
  key: string;
  /** The stored value merged over the default and parsed; the default when nothing (valid) is stored. */
  read(executor: Executor): Promise<T>;
  /** Stores the value (the caller audits it in the same transaction). */
  write(executor: Executor, value: T, at: Date): Promise<void>;
};

export function defineSetting<T>(key: string, schema: z.ZodType<T>, defaultValue: T): SettingAccessor<T> {
  return {
    key,
    async read(executor) {
      const stored = await readSetting<unknown>(executor, key);
      if (stored === undefined) return defaultValue;
      const merged = isPlainObject(stored) && isPlainObject(defaultValue) ? { ...defaultValue, ...stored } : stored;
      const parsed = schema.safeParse(merged);
      return parsed.success ? parsed.data : defaultValue;
    },
    write(executor, value, at) {
      return writeSetting(executor, key, value, at);
    },
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
