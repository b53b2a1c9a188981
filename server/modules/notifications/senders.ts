import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import type { MessageSender } from './notifications.service';

/**
 * Delivery adapters. `log` (default) records the message in the application log and counts it
 * as sent — development, tests, and SMS/WeChat until a gateway contract exists. `smtp` sends
 * e-mail through nodemailer (SMTP_URL, SMTP_FROM); other channels still go to the log.
 */
export function createLogSender(log: (message: { channel: string; recipient: string; body: string }) => void): MessageSender {
  return async (message) => log(message);
}

export function createSmtpSender(options: { url?: string; from: string; transport?: Transporter }, fallback: MessageSender): MessageSender {
  const transport = options.transport ?? nodemailer.createTransport(options.url!);
  return async (message) => {
    if (message.channel !== 'email') return fallback(message);
    const [subject] = message.body.split(/[。.]/, 1);
    await transport.sendMail({ from: options.from, to: message.recipient, subject: subject.slice(0, 80), text: message.body });
  };
}
