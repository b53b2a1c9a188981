import path from 'node:path';
import { z } from 'zod';

/**
 * The only reader of process.env. Every variable is documented here, parsed once, and a
 * bad value stops the process at start with a message naming the variable.
 */
const ZEnv = z.object({
  /** `production` serves the built web app; `test` lowers password hashing cost. */
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  /** HTTP port of the API and the web app. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Interface to listen on. */
  HOST: z.string().default('0.0.0.0'),
  /** Where the embedded database, uploads and the lock file live. */
  AFTERSALES_DATA_DIR: z.string().default('./data'),
  /** `postgres://…`: use this PostgreSQL server instead of the embedded database. */
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must start with postgres://').optional(),
  /** Password for the first admin; when unset a one-time password is generated and printed. */
  AFTERSALES_ADMIN_PASSWORD: z.string().min(10, 'at least 10 characters').optional(),
  /** Hours a session lives without activity. */
  SESSION_IDLE_HOURS: z.coerce.number().positive().default(12),
  /** Hours a session lives at most, active or not. */
  SESSION_MAX_HOURS: z.coerce.number().positive().default(24 * 7),
  /** Set `true` behind HTTPS so cookies are marked Secure. */
  COOKIE_SECURE: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  /** pino log level. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `smtp://user:password@host:587`: send e-mail through this server (default: messages are only logged). */
  SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must start with smtp:// or smtps://').optional(),
  /** Sender address of e-mail. */
  SMTP_FROM: z.string().default('售后服务 <aftersales@localhost>'),
  /** Sign-in attempts per IP per minute before 429. */
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().positive().default(20),
});

export type Env = z.infer<typeof ZEnv>;

/** Parses the environment; exits with a readable message naming every bad variable. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // An empty variable counts as unset (e.g. `DATABASE_URL=` in a shell or a .env file).
  const present = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = ZEnv.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Absolute data directory. */
export function dataDirOf(env: Env): string {
  return path.resolve(env.AFTERSALES_DATA_DIR);
}
