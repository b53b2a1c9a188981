import nodemailer, { type Transporter } from 'nodemailer';
import type { Env } from '../../env';
import type { MessageSender, OutgoingMessage } from './gateway-http';
import { createAliyunSmsSender } from './sms-aliyun';
import { createTencentSmsSender } from './sms-tencent';
import { createWebhookSmsSender } from './sms-webhook';
import { createWechatSender } from './wechat';

/**
 * Delivery adapters behind one `MessageSender`. `log` (default) records the message in the
 * application log and counts it as sent — development, tests. `smtp` sends e-mail through
 * nodemailer (SMTP_URL, SMTP_FROM); SMS go to the gateway of SMS_PROVIDER, WeChat to the
 * Official Account when WECHAT_APP_ID is set; whatever has no gateway goes to the log.
 */
export function createLogSender(log: (message: { channel: string; recipient: string; body: string }) => void): MessageSender {
  return async (message) => {
    log({ channel: message.channel, recipient: message.recipient, body: message.body });
    return { provider: 'log' };
  };
}

export function createSmtpSender(options: { url?: string; from: string; transport?: Transporter }, fallback: MessageSender): MessageSender {
  const transport = options.transport ?? nodemailer.createTransport(options.url!);
  return async (message) => {
    if (message.channel !== 'email') return fallback(message);
    const [subject] = message.body.split(/[。.]/, 1);
    const info = await transport.sendMail({ from: options.from, to: message.recipient, subject: subject.slice(0, 80), text: message.body });
    return { provider: 'smtp', providerMessageId: (info as { messageId?: string }).messageId ?? null };
  };
}

/** One sender per channel; a channel without one goes to `fallback`. */
export function createChannelSender(byChannel: Partial<Record<OutgoingMessage['channel'], MessageSender>>, fallback: MessageSender): MessageSender {
  return async (message) => (byChannel[message.channel] ?? fallback)(message);
}

/** The sender the configuration asks for (server/env.ts documents the variables). */
export function createSenderFromEnv(env: Env, log: (message: { channel: string; recipient: string; body: string }) => void): MessageSender {
  const logSender = createLogSender(log);
  const timeoutMs = env.NOTIFY_GATEWAY_TIMEOUT_MS;
  const byChannel: Partial<Record<OutgoingMessage['channel'], MessageSender>> = {};
  if (env.SMTP_URL) byChannel.email = createSmtpSender({ url: env.SMTP_URL, from: env.SMTP_FROM }, logSender);
  if (env.SMS_PROVIDER === 'aliyun') {
    byChannel.sms = createAliyunSmsSender({ accessKeyId: env.ALIYUN_SMS_ACCESS_KEY_ID!, accessKeySecret: env.ALIYUN_SMS_ACCESS_KEY_SECRET!, signName: env.ALIYUN_SMS_SIGN_NAME!, endpoint: env.ALIYUN_SMS_ENDPOINT, region: env.ALIYUN_SMS_REGION, timeoutMs });
  } else if (env.SMS_PROVIDER === 'tencent') {
    byChannel.sms = createTencentSmsSender({ secretId: env.TENCENT_SMS_SECRET_ID!, secretKey: env.TENCENT_SMS_SECRET_KEY!, sdkAppId: env.TENCENT_SMS_SDK_APP_ID!, signName: env.TENCENT_SMS_SIGN_NAME!, endpoint: env.TENCENT_SMS_ENDPOINT, region: env.TENCENT_SMS_REGION, timeoutMs });
  } else if (env.SMS_PROVIDER === 'webhook') {
    byChannel.sms = createWebhookSmsSender({ url: env.SMS_WEBHOOK_URL!, secret: env.SMS_WEBHOOK_SECRET!, timeoutMs });
  }
  if (env.WECHAT_APP_ID && env.WECHAT_APP_SECRET) byChannel.wechat = createWechatSender({ appId: env.WECHAT_APP_ID, appSecret: env.WECHAT_APP_SECRET, apiBase: env.WECHAT_API_BASE, timeoutMs });
  return createChannelSender(byChannel, logSender);
}
