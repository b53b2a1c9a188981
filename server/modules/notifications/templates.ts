/**
 * Message templates in Simplified Chinese and English; `{name}` is replaced by the param.
 * Customers get Chinese; staff get their own language.
 */
export const TEMPLATES = {
  portal_code: {
    channel: 'sms',
    zh: '【售后服务】您的验证码是 {code}，10 分钟内有效。如非本人操作请忽略。',
    en: '[After-sales] Your verification code is {code}, valid for 10 minutes. Ignore this message if you did not ask for it.',
  },
  ticket_received: {
    channel: 'sms',
    zh: '【售后服务】您的服务申请已受理，单号 {number}，我们将在 {promised} 前与您联系。',
    en: '[After-sales] Your request {number} has been registered; we will contact you before {promised}.',
  },
  ticket_resolved: {
    channel: 'sms',
    zh: '【售后服务】您的服务单 {number} 已处理完毕。如有问题请回复或致电我们，感谢您的支持。',
    en: '[After-sales] Your request {number} has been resolved. Reply or call us if anything is still wrong.',
  },
  ticket_cancelled: { channel: 'sms', zh: '【售后服务】您的服务单 {number} 已取消。如有疑问请致电我们。', en: '[After-sales] Your request {number} has been cancelled. Call us with any questions.' },
  sla_breached: {
    channel: 'email',
    zh: '工单 {number} 的{clock}时限已超时（应于 {due} 前完成），请尽快处理。',
    en: 'Ticket {number}: the {clock} time limit was breached (due {due}). Please act now.',
  },
  technician_on_the_way: {
    channel: 'sms',
    zh: '【售后服务】您的服务单 {number} 的技师 {technician} 已出发，预约上门时间 {window}，请保持电话畅通。',
    en: '[After-sales] Technician {technician} is on the way for your request {number} (appointment {window}). Please keep your phone reachable.',
  },
} as const;

export type TemplateName = keyof typeof TEMPLATES;
export type MessageLocale = 'zh-CN' | 'en';

export function renderTemplate(name: TemplateName, params: Record<string, string>, locale: MessageLocale = 'zh-CN'): string {
  const template = TEMPLATES[name];
  return (locale === 'en' ? template.en : template.zh).replace(/\{(\w+)\}/g, (_match, key: string) => params[key] ?? '');
}
