/** Message templates (Simplified Chinese, as customers receive them). `{name}` is replaced by the param. */
export const TEMPLATES = {
  portal_code: { channel: 'sms', text: '【售后服务】您的验证码是 {code}，10 分钟内有效。如非本人操作请忽略。' },
  ticket_received: { channel: 'sms', text: '【售后服务】您的服务申请已受理，单号 {number}，我们将在 {promised} 前与您联系。' },
  ticket_resolved: { channel: 'sms', text: '【售后服务】您的服务单 {number} 已处理完毕。如有问题请回复或致电我们，感谢您的支持。' },
  ticket_cancelled: { channel: 'sms', text: '【售后服务】您的服务单 {number} 已取消。如有疑问请致电我们。' },
  sla_breached: { channel: 'email', text: '工单 {number} 的{clock}时限已超时（应于 {due} 前完成），请尽快处理。' },
} as const;

export type TemplateName = keyof typeof TEMPLATES;

export function renderTemplate(name: TemplateName, params: Record<string, string>): string {
  return TEMPLATES[name].text.replace(/\{(\w+)\}/g, (_match, key: string) => params[key] ?? '');
}
