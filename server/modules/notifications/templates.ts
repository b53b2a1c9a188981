/**
 * The events that send messages, with the variables each offers, sample data for previews and
 * the default texts (Simplified Chinese and English; `{name}` is replaced by the variable).
 * These texts seed `notification_templates` (migration 0024); admins edit them there. The code
 * copy stays the fallback when a row is missing. Customers get Chinese; staff their language.
 *
 * `kind`: `service` messages are what the customer needs for the job in hand and always go;
 * `marketing` ones (reminders that sell a contract or a maintenance visit) honour the opt-out.
 * `isUrgent`: ignores quiet hours and the daily cap (codes, a technician on the way).
 */
import type { TLocale } from '../../../contracts/common';
import type { TChannel } from '../../../contracts/notifications';

type Text = { zh: string; en: string };
type EventDefinition = {
  /** The channel the event uses by default (the one of `enqueueMessage` before templates were data). */
  channel: TChannel;
  zh: string;
  en: string;
  audience: 'customer' | 'staff';
  kind: 'service' | 'marketing';
  isUrgent: boolean;
  /** variable → what it holds (shown to admins). */
  variables: Record<string, string>;
  sample: Record<string, string>;
  /** WeChat template message text (customers bound to the Official Account). */
  wechat?: Text;
};

/** What most events are: a customer's non-urgent service SMS. A catalogue entry states only what differs. */
const EVENT_DEFAULTS = { channel: 'sms', audience: 'customer', kind: 'service', isUrgent: false } as const;
type CatalogueEntry = Omit<EventDefinition, keyof typeof EVENT_DEFAULTS> & Partial<Pick<EventDefinition, keyof typeof EVENT_DEFAULTS>>;

export const TEMPLATES = {
  portal_code: {
    zh: '【售后服务】您的验证码是 {code}，10 分钟内有效。如非本人操作请忽略。',
    en: '[After-sales] Your verification code is {code}, valid for 10 minutes. Ignore this message if you did not ask for it.',
    isUrgent: true,
    variables: { code: '验证码' }, sample: { code: '428913' },
  },
  ticket_received: {
    zh: '【售后服务】您的服务申请已受理，单号 {number}，我们将在 {promised} 前与您联系。',
    en: '[After-sales] Your request {number} has been registered; we will contact you before {promised}.',
    variables: { number: '服务单号', promised: '承诺联系时间' }, sample: { number: 'SH20261122-0001', promised: '11月23日 10:00' },
    wechat: { zh: '您的服务申请已受理，单号 {number}，我们将在 {promised} 前与您联系。', en: 'Your request {number} has been registered; we will contact you before {promised}.' },
  },
  ticket_resolved: {
    zh: '【售后服务】您的服务单 {number} 已处理完毕。如有问题请回复或致电我们，感谢您的支持。',
    en: '[After-sales] Your request {number} has been resolved. Reply or call us if anything is still wrong.',
    variables: { number: '服务单号' }, sample: { number: 'SH20261122-0001' },
    wechat: { zh: '您的服务单 {number} 已处理完毕，感谢您的支持。', en: 'Your request {number} has been resolved. Thank you.' },
  },
  ticket_cancelled: {
    zh: '【售后服务】您的服务单 {number} 已取消。如有疑问请致电我们。',
    en: '[After-sales] Your request {number} has been cancelled. Call us with any questions.',
    variables: { number: '服务单号' }, sample: { number: 'SH20261122-0001' },
  },
  sla_breached: {
    channel: 'email',
    zh: '工单 {number} 的{clock}时限已超时（应于 {due} 前完成），请尽快处理。',
    en: 'Ticket {number}: the {clock} time limit was breached (due {due}). Please act now.',
    audience: 'staff',
    variables: { number: '服务单号', clock: '时限（响应/上门/解决）', due: '应完成时间' }, sample: { number: 'SH20261122-0001', clock: '响应', due: '11月23日 10:00' },
  },
  sla_at_risk: {
    channel: 'email',
    zh: '工单 {number} 的{clock}时限即将到期（{due}），请及时处理。',
    en: 'Ticket {number}: the {clock} time limit is close ({due}).',
    audience: 'staff',
    variables: { number: '服务单号', clock: '时限', due: '到期时间' }, sample: { number: 'SH20261122-0001', clock: '上门', due: '11月23日 18:00' },
  },
  technician_on_the_way: {
    zh: '【售后服务】您的服务单 {number} 的技师 {technician} 已出发，预约上门时间 {window}，请保持电话畅通。',
    en: '[After-sales] Technician {technician} is on the way for your request {number} (appointment {window}). Please keep your phone reachable.',
    isUrgent: true,
    variables: { number: '服务单号', technician: '技师姓名', window: '预约时间段' }, sample: { number: 'SH20261122-0001', technician: '王师傅', window: '11月23日 09:00-11:00' },
    wechat: { zh: '技师 {technician} 已出发（服务单 {number}，预约 {window}）。', en: 'Technician {technician} is on the way ({number}, {window}).' },
  },
  appointment_confirmed: {
    zh: '【售后服务】您的服务单 {number} 已预约上门时间 {window}，届时技师将与您联系。',
    en: '[After-sales] Your visit for {number} is booked for {window}; the technician will call you.',
    variables: { number: '服务单号', window: '预约时间段' }, sample: { number: 'SH20261122-0001', window: '11月23日 09:00-11:00' },
    wechat: { zh: '服务单 {number} 已预约上门：{window}。', en: 'Visit for {number} booked: {window}.' },
  },
  appointment_changed: {
    zh: '【售后服务】您的服务单 {number} 的上门时间已改为 {window}，给您带来不便敬请谅解。',
    en: '[After-sales] The visit for {number} has moved to {window}. Sorry for the inconvenience.',
    variables: { number: '服务单号', window: '新的预约时间段' }, sample: { number: 'SH20261122-0001', window: '11月24日 14:00-16:00' },
  },
  delivery_day_greeting: {
    zh: '【售后服务】您好，今天是您的产品安装日，技师 {technician} 将于 {window} 上门，如需改约请致电我们。',
    en: '[After-sales] Today is your installation day: technician {technician} comes at {window}. Call us to rebook.',
    variables: { technician: '技师姓名', window: '预约时间段' }, sample: { technician: '王师傅', window: '09:00-11:00' },
  },
  job_done: {
    zh: '【售后服务】服务单 {number} 已完工，请您花一分钟评价本次服务：{surveyLink}',
    en: '[After-sales] The work on {number} is done. Please rate it: {surveyLink}',
    variables: { number: '服务单号', surveyLink: '满意度调查链接' }, sample: { number: 'SH20261122-0001', surveyLink: 'https://s.example.cn/q/8KD2' },
    wechat: { zh: '服务单 {number} 已完工，欢迎评价：{surveyLink}', en: 'The work on {number} is done. Rate it: {surveyLink}' },
  },
  parts_arrived: {
    zh: '【售后服务】您的服务单 {number} 所需备件已到货，我们将尽快与您预约上门时间。',
    en: '[After-sales] The parts for {number} have arrived; we will call you to book the visit.',
    variables: { number: '服务单号' }, sample: { number: 'SH20261122-0001' },
  },
  loaner_due: {
    zh: '【售后服务】您借用的备用机 {item} 应于 {due} 归还，感谢配合。',
    en: '[After-sales] The loaner {item} is due back on {due}. Thank you.',
    variables: { item: '备用机', due: '归还日期' }, sample: { item: '空调 KFR-35', due: '11月30日' },
  },
  contract_expiring: {
    zh: '【售后服务】您的服务合同 {contract} 将于 {expires} 到期，续约请致电我们。回复TD退订',
    en: '[After-sales] Your service contract {contract} expires on {expires}. Call us to renew. Reply TD to unsubscribe',
    kind: 'marketing',
    variables: { contract: '合同号', expires: '到期日期' }, sample: { contract: 'HT2025-018', expires: '2027年2月28日' },
  },
  maintenance_expiring: {
    zh: '【售后服务】您的 {product} 免费保养期将于 {expires} 到期，欢迎预约保养。回复TD退订',
    en: '[After-sales] The free maintenance of your {product} ends on {expires}. Book a visit now. Reply TD to unsubscribe',
    kind: 'marketing',
    variables: { product: '产品', expires: '到期日期' }, sample: { product: '燃气热水器', expires: '2027年2月28日' },
  },
  complaint_received: {
    zh: '【售后服务】您的投诉已受理（单号 {number}），专人将在 {promised} 前与您联系。',
    en: '[After-sales] Your complaint {number} has been registered; we will call you before {promised}.',
    variables: { number: '服务单号', promised: '承诺联系时间' }, sample: { number: 'SH20261122-0002', promised: '11月22日 18:00' },
  },
  complaint_resolved: {
    zh: '【售后服务】您的投诉 {number} 已处理完毕，感谢您的宝贵意见。',
    en: '[After-sales] Your complaint {number} has been resolved. Thank you for telling us.',
    variables: { number: '服务单号' }, sample: { number: 'SH20261122-0002' },
  },
  followup_survey: {
    zh: '【售后服务】感谢您使用我们的服务（单号 {number}），请花一分钟评价本次服务：{link}',
    en: '[After-sales] Thank you for using our service ({number}). Please rate the visit in one minute: {link}',
    variables: { number: '派工单号', link: '评价链接（一次有效）' }, sample: { number: 'SH20261122-0001-1', link: 'https://example.com/portal/survey/Xy3k…' },
  },
  approval_waiting: {
    channel: 'email',
    zh: '{item} 等待您审批（提交人 {requester}）。',
    en: '{item} is waiting for your approval (from {requester}).',
    audience: 'staff',
    variables: { item: '审批事项', requester: '提交人' }, sample: { item: '奖惩记录 JC-0012', requester: '李四' },
  },
  certificate_expiring: {
    channel: 'email',
    zh: '技师 {technician} 的{certificate}将于 {expires} 到期，请安排复审。',
    en: "Technician {technician}'s {certificate} expires on {expires}.",
    audience: 'staff',
    variables: { technician: '技师姓名', certificate: '证书', expires: '到期日期' }, sample: { technician: '王师傅', certificate: '电工上岗证', expires: '2027年1月15日' },
  },
} as const satisfies Record<string, CatalogueEntry>;

export type TemplateName = keyof typeof TEMPLATES;

export function isTemplateName(value: string): value is TemplateName {
  return Object.hasOwn(TEMPLATES, value);
}

const EVENTS = {} as Record<TemplateName, EventDefinition>;
for (const name of Object.keys(TEMPLATES) as TemplateName[]) EVENTS[name] = { ...EVENT_DEFAULTS, ...TEMPLATES[name] };

/** An event of the catalogue with the defaults filled in. */
export function eventOf(name: TemplateName): EventDefinition {
  return EVENTS[name];
}

/** The default text of an event on a channel in a language (undefined: the event has no text there). */
export function defaultText(name: TemplateName, channel: TChannel, locale: TLocale): string | undefined {
  const event = eventOf(name);
  const text = channel === event.channel ? { zh: event.zh, en: event.en } : channel === 'wechat' ? event.wechat : undefined;
  if (!text) return undefined;
  return locale === 'en' ? text.en : text.zh;
}

/** The variable names a text uses, in order of first appearance. */
export function variablesIn(body: string): string[] {
  return [...new Set([...body.matchAll(/\{(\w+)\}/g)].map((match) => match[1]))];
}

/** Variables a text uses that its event does not offer. */
export function unknownVariables(name: TemplateName, body: string): string[] {
  const offered = eventOf(name).variables as Record<string, string>;
  return variablesIn(body).filter((variable) => !Object.hasOwn(offered, variable));
}

export function fillText(body: string, params: Record<string, string>): string {
  return body.replace(/\{(\w+)\}/g, (_match, key: string) => params[key] ?? '');
}

export function renderTemplate(name: TemplateName, params: Record<string, string>, locale: TLocale = 'zh-CN'): string {
  return fillText(defaultText(name, eventOf(name).channel, locale)!, params);
}

/**
 * SMS parts (条数) as the Chinese gateways bill them: up to 70 characters is one message;
 * a longer one is split into parts of 67 (3 go to the concatenation header). Characters are
 * counted as code points, Chinese and Latin alike, the sign name 【…】 included.
 */
export function smsParts(text: string): { length: number; parts: number } {
  const length = Array.from(text).length;
  return { length, parts: length === 0 ? 0 : length <= 70 ? 1 : Math.ceil(length / 67) };
}
