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
  /** The address customers reach the web app at (links sent by SMS, e.g. the follow-up survey). */
  PUBLIC_BASE_URL: z.url().default('http://localhost:3000'),
  /** Sign-in attempts per IP per minute before 429. */
  LOGIN_RATE_PER_MINUTE: z.coerce.number().int().positive().default(20),

  // Notifications (docs/NOTIFICATIONS.md). Secrets are read here and never logged or stored.
  /** SMS gateway: `log` (default: only logged), `aliyun` (Alibaba Cloud SMS), `tencent` (Tencent Cloud SMS), `webhook` (plain HTTP POST). */
  SMS_PROVIDER: z.enum(['log', 'aliyun', 'tencent', 'webhook']).default('log'),
  /** Alibaba Cloud SMS (dysmsapi): AccessKey id and secret (RAM user with SMS rights only). */
  ALIYUN_SMS_ACCESS_KEY_ID: z.string().optional(),
  ALIYUN_SMS_ACCESS_KEY_SECRET: z.string().optional(),
  /** The approved sign name (签名), e.g. `售后服务`. */
  ALIYUN_SMS_SIGN_NAME: z.string().optional(),
  /** API base URL; tests point it at a local fake gateway. */
  ALIYUN_SMS_ENDPOINT: z.url().default('https://dysmsapi.aliyuncs.com'),
  ALIYUN_SMS_REGION: z.string().default('cn-hangzhou'),
  /** Tencent Cloud SMS: SecretId/SecretKey of a CAM user, the SMS application (SmsSdkAppId) and the sign name. */
  TENCENT_SMS_SECRET_ID: z.string().optional(),
  TENCENT_SMS_SECRET_KEY: z.string().optional(),
  TENCENT_SMS_SDK_APP_ID: z.string().optional(),
  TENCENT_SMS_SIGN_NAME: z.string().optional(),
  /** API base URL (the signature signs its host); tests point it at a local fake gateway. */
  TENCENT_SMS_ENDPOINT: z.url().default('https://sms.tencentcloudapi.com'),
  TENCENT_SMS_REGION: z.string().default('ap-guangzhou'),
  /** Webhook SMS: POST JSON to this URL, signed with HMAC-SHA256 of the body in `X-Signature`. */
  SMS_WEBHOOK_URL: z.url().optional(),
  SMS_WEBHOOK_SECRET: z.string().optional(),
  /** WeChat Official Account (公众号) template messages: AppID and AppSecret; unset: WeChat messages are only logged. */
  WECHAT_APP_ID: z.string().optional(),
  WECHAT_APP_SECRET: z.string().optional(),
  /** WeChat API base URL; tests point it at a local fake server. */
  WECHAT_API_BASE: z.url().default('https://api.weixin.qq.com'),
  /** Shared secret of the delivery receipt endpoints (`?secret=` or `X-Receipt-Secret`); unset: receipts are refused. */
  NOTIFY_RECEIPT_SECRET: z.string().min(16, 'at least 16 characters').optional(),
  /** Quiet hours for customers' non-urgent SMS, Asia/Shanghai (`HH:MM-HH:MM`, may wrap midnight; equal times: none). */
  NOTIFY_QUIET_HOURS: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM-HH:MM').default('21:00-08:00'),
  /** Non-urgent SMS per phone per day; more wait until the next morning. */
  NOTIFY_DAILY_SMS_CAP: z.coerce.number().int().positive().default(10),
  /** Milliseconds a gateway call may take before it counts as a transient failure. */
  NOTIFY_GATEWAY_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
}).superRefine((env, issues) => {
  const required: Record<string, (keyof typeof env)[]> = {
    aliyun: ['ALIYUN_SMS_ACCESS_KEY_ID', 'ALIYUN_SMS_ACCESS_KEY_SECRET', 'ALIYUN_SMS_SIGN_NAME'],
    tencent: ['TENCENT_SMS_SECRET_ID', 'TENCENT_SMS_SECRET_KEY', 'TENCENT_SMS_SDK_APP_ID', 'TENCENT_SMS_SIGN_NAME'],
    webhook: ['SMS_WEBHOOK_URL', 'SMS_WEBHOOK_SECRET'],
    log: [],
  };
  for (const key of required[env.SMS_PROVIDER]) {
    if (!env[key]) issues.addIssue({ code: 'custom', path: [key], message: `required with SMS_PROVIDER=${env.SMS_PROVIDER}` });
  }
  if (Boolean(env.WECHAT_APP_ID) !== Boolean(env.WECHAT_APP_SECRET)) issues.addIssue({ code: 'custom', path: [env.WECHAT_APP_ID ? 'WECHAT_APP_SECRET' : 'WECHAT_APP_ID'], message: 'set WECHAT_APP_ID and WECHAT_APP_SECRET together' });
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
