import nodemailer, { type SendMailOptions, type Transporter } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { createLogSender, createSmtpSender } from './senders';
import { renderTemplate } from './templates';

describe('outbox senders and templates', () => {
  it('renders templates in Chinese by default and in English on request', () => {
    expect(renderTemplate('ticket_received', { number: 'SH20261122-0001', promised: '11月23日 10:00' })).toBe('【售后服务】您的服务申请已受理，单号 SH20261122-0001，我们将在 11月23日 10:00 前与您联系。');
    expect(renderTemplate('sla_breached', { number: 'SH1', clock: 'response', due: 'Nov 23 10:00' }, 'en')).toBe('Ticket SH1: the response time limit was breached (due Nov 23 10:00). Please act now.');
  });

  it('sends e-mail through SMTP and other channels to the fallback', async () => {
    const transport = nodemailer.createTransport({ streamTransport: true, buffer: true });
    const sent: unknown[] = [];
    const original = transport.sendMail.bind(transport);
    transport.sendMail = (async (mail: SendMailOptions) => {
      const info = await original(mail);
      sent.push((info as { message: Buffer }).message.toString());
      return info;
    }) as typeof transport.sendMail;
    const logged: string[] = [];
    const sender = createSmtpSender({ from: 'aftersales@example.com', transport }, createLogSender((message) => logged.push(message.recipient)));
    await sender({ channel: 'email', recipient: 'manager@example.com', body: '工单 SH1 的响应时限已超时。请尽快处理。' });
    await sender({ channel: 'sms', recipient: '13800138000', body: '验证码 123456' });
    expect(sent).toHaveLength(1);
    expect(String(sent[0])).toContain('To: manager@example.com');
    expect(logged).toEqual(['13800138000']);
  });
});
