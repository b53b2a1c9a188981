import type { Db } from '../db/client';
import type { Env } from '../env';
import type { Clock } from './clock';
import type { PasswordHasher } from './passwords';
import type { FileStorage } from './storage';

/** What every service needs: the database, the clock, password hashing and settings. */
export type AppContext = {
  db: Db;
  dbKind: 'pglite' | 'postgres';
  clock: Clock;
  hasher: PasswordHasher;
  env: Env;
  storage: FileStorage;
};
