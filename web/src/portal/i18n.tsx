/** The portal's own small dictionary (zh-CN default, English switch), independent of the staff app. */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { TICKET_STATUS_LABELS, TICKET_TYPE_LABELS, type TicketStatus, type TicketType } from '../../../contracts/tickets';
import { storedLocale, storeLocale, type Locale } from '../i18n';
import { setPortalLocale } from './api';

export const portalZh = {
  'title': '售后服务自助',
  'subtitle': '提交服务申请，随时查看进度',
  'lang.switch': 'English',
  'login.phone': '手机号',
  'login.phonePlaceholder': '请输入 11 位手机号',
  'login.code': '验证码',
  'login.codePlaceholder': '6 位数字验证码',
  'login.getCode': '获取验证码',
  'login.resendIn': '{seconds} 秒后重发',
  'login.submit': '登录并查看服务单',
  'login.sent': '验证码已发送，10 分钟内有效',
  'login.hint': '无需注册：用手机号验证后即可提交申请、查看您的服务单。',
  'error.phoneInvalid': '请输入正确的 11 位手机号',
  'error.codeFormat': '请输入 6 位数字验证码',
  'error.codeWrong': '验证码错误或已过期',
  'error.codeWrongLeft': '验证码错误或已过期（还可再试 {left} 次）',
  'error.codeDead': '错误次数过多，该验证码已失效，请重新获取验证码',
  'error.codeNeeded': '请先获取验证码',
  'error.waitSeconds': '操作太频繁，请 {seconds} 秒后再获取验证码',
  'error.tooManyCodes': '该号码获取验证码次数过多，请 1 小时后再试',
  'error.rateLimited': '请求过于频繁，请稍后再试',
  'error.network': '网络异常，请检查网络后重试',
  'error.sessionExpired': '登录已过期，请重新验证手机号',
  'error.generic': '操作失败，请稍后再试',
  'error.notFound': '未找到该服务单',
  'home.signedInAs': '当前手机号 {phone}',
  'home.logout': '退出',
  'tab.tickets': '我的服务单',
  'tab.new': '提交服务申请',
  'list.empty': '您还没有服务单',
  'list.emptyAction': '提交服务申请',
  'list.createdAt': '提交于 {time}',
  'list.promise': '我们将在 {time} 前联系您',
  'list.refresh': '刷新',
  'detail.back': '返回',
  'detail.title': '服务单详情',
  'detail.number': '服务单号',
  'detail.type': '服务类型',
  'detail.status': '当前状态',
  'detail.createdAt': '提交时间',
  'detail.address': '服务地址',
  'detail.preferred': '期望上门时间',
  'detail.description': '问题描述',
  'detail.technician': '服务技师：{name}',
  'detail.technicianPending': '服务技师：待安排',
  'detail.promise': '我们将在 {time} 前联系您',
  'detail.promiseDone': '已于 {time} 前承诺联系',
  'detail.timeline': '处理进度',
  'detail.deadlines': '服务时限',
  'detail.noEvents': '暂无进度',
  'clock.response': '响应',
  'clock.onsite': '上门',
  'clock.resolution': '解决',
  'clock.due': '{label}时限：{time} 前',
  'clock.met': '{label}：已完成',
  'event.created': '已提交服务申请',
  'event.status': '状态更新为「{status}」',
  'event.note': '客服留言',
  'event.other': '进度更新',
  'form.type': '服务类型',
  'form.description': '问题描述',
  'form.descriptionPlaceholder': '请描述产品、问题和现象，例如：热水器点火后几秒熄火',
  'form.descriptionRequired': '请填写问题描述',
  'form.preferred': '期望上门时间（可选）',
  'form.preferredDay': '日期',
  'form.preferredDayPlaceholder': '请选择日期',
  'form.slot.any': '全天',
  'form.slot.morning': '上午 9–12 点',
  'form.slot.afternoon': '下午 13–18 点',
  'form.slot.evening': '晚上 18–21 点',
  'form.clear': '清除',
  'form.newCustomer': '首次申请，请留下您的姓名和地址',
  'form.name': '姓名',
  'form.namePlaceholder': '您的姓名',
  'form.nameRequired': '请填写姓名',
  'form.region': '所在地区',
  'form.regionPlaceholder': '省 / 市 / 区',
  'form.regionRequired': '请选择所在地区',
  'form.detail': '详细地址',
  'form.detailPlaceholder': '街道、门牌号、楼层房号',
  'form.detailRequired': '请填写详细地址',
  'form.submit': '提交申请',
  'form.pickerConfirm': '确定',
  'form.pickerCancel': '取消',
  'result.created': '提交成功',
  'result.existing': '您已有一张处理中的同类服务单 {number}，我们已记录您的补充说明',
  'result.number': '您的服务单号是 {number}',
  'result.promise': '我们将在 {time} 前联系您',
  'result.view': '查看服务单',
  'result.another': '再提交一单',
} as const;

export type PortalKey = keyof typeof portalZh;

export const portalEn: Record<PortalKey, string> = {
  'title': 'Customer service',
  'subtitle': 'File a service request and follow its progress',
  'lang.switch': '中文',
  'login.phone': 'Mobile number',
  'login.phonePlaceholder': '11-digit mobile number',
  'login.code': 'Code',
  'login.codePlaceholder': '6-digit code',
  'login.getCode': 'Get code',
  'login.resendIn': 'Resend in {seconds}s',
  'login.submit': 'Sign in and see my requests',
  'login.sent': 'Code sent; valid for 10 minutes',
  'login.hint': 'No account needed: verify your mobile number to file requests and follow your tickets.',
  'error.phoneInvalid': 'Please enter a valid 11-digit mobile number',
  'error.codeFormat': 'Please enter the 6-digit code',
  'error.codeWrong': 'Wrong or expired code',
  'error.codeWrongLeft': 'Wrong or expired code ({left} tries left)',
  'error.codeDead': 'Too many wrong tries: this code no longer works. Please request a new one',
  'error.codeNeeded': 'Please request a code first',
  'error.waitSeconds': 'Too soon: wait {seconds} seconds before requesting another code',
  'error.tooManyCodes': 'Too many codes for this number; try again in an hour',
  'error.rateLimited': 'Too many requests; please try again later',
  'error.network': 'Network problem; please check your connection and retry',
  'error.sessionExpired': 'Your session expired; please verify your number again',
  'error.generic': 'Something went wrong; please try again later',
  'error.notFound': 'Ticket not found',
  'home.signedInAs': 'Signed in as {phone}',
  'home.logout': 'Sign out',
  'tab.tickets': 'My tickets',
  'tab.new': 'New request',
  'list.empty': 'You have no tickets yet',
  'list.emptyAction': 'File a request',
  'list.createdAt': 'Filed {time}',
  'list.promise': 'We will contact you by {time}',
  'list.refresh': 'Refresh',
  'detail.back': 'Back',
  'detail.title': 'Ticket',
  'detail.number': 'Ticket number',
  'detail.type': 'Type',
  'detail.status': 'Status',
  'detail.createdAt': 'Filed',
  'detail.address': 'Address',
  'detail.preferred': 'Preferred visit time',
  'detail.description': 'Description',
  'detail.technician': 'Technician: {name}',
  'detail.technicianPending': 'Technician: not yet assigned',
  'detail.promise': 'We will contact you by {time}',
  'detail.promiseDone': 'Promised contact by {time}',
  'detail.timeline': 'Progress',
  'detail.deadlines': 'Service deadlines',
  'detail.noEvents': 'No progress yet',
  'clock.response': 'Response',
  'clock.onsite': 'On-site visit',
  'clock.resolution': 'Resolution',
  'clock.due': '{label} by {time}',
  'clock.met': '{label}: done',
  'event.created': 'Request filed',
  'event.status': 'Status changed to “{status}”',
  'event.note': 'Message from service',
  'event.other': 'Update',
  'form.type': 'Type',
  'form.description': 'Description',
  'form.descriptionPlaceholder': 'Product, problem and symptoms, e.g. the water heater goes out a few seconds after ignition',
  'form.descriptionRequired': 'Please describe the problem',
  'form.preferred': 'Preferred visit time (optional)',
  'form.preferredDay': 'Date',
  'form.preferredDayPlaceholder': 'Choose a date',
  'form.slot.any': 'Any time',
  'form.slot.morning': 'Morning 9–12',
  'form.slot.afternoon': 'Afternoon 13–18',
  'form.slot.evening': 'Evening 18–21',
  'form.clear': 'Clear',
  'form.newCustomer': 'First request: please leave your name and address',
  'form.name': 'Name',
  'form.namePlaceholder': 'Your name',
  'form.nameRequired': 'Please enter your name',
  'form.region': 'Region',
  'form.regionPlaceholder': 'Province / city / district',
  'form.regionRequired': 'Please choose your region',
  'form.detail': 'Street address',
  'form.detailPlaceholder': 'Street, number, floor and room',
  'form.detailRequired': 'Please enter the street address',
  'form.submit': 'Submit',
  'form.pickerConfirm': 'OK',
  'form.pickerCancel': 'Cancel',
  'result.created': 'Request received',
  'result.existing': 'You already have an open ticket of this kind, {number}; we have added your new details to it',
  'result.number': 'Your ticket number is {number}',
  'result.promise': 'We will contact you by {time}',
  'result.view': 'View ticket',
  'result.another': 'File another request',
};

const DICTS: Record<Locale, Record<PortalKey, string>> = { 'zh-CN': portalZh, en: portalEn };

export type PortalT = (key: PortalKey, vars?: Record<string, string | number>) => string;

export function portalTranslate(locale: Locale, key: PortalKey, vars?: Record<string, string | number>): string {
  const text = DICTS[locale][key] ?? portalZh[key];
  if (!vars) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in vars ? String(vars[name]) : match));
}

export function typeLabel(type: TicketType, locale: Locale): string {
  return TICKET_TYPE_LABELS[type]?.[locale === 'en' ? 'en' : 'zh'] ?? type;
}
export function statusLabel(status: TicketStatus, locale: Locale): string {
  return TICKET_STATUS_LABELS[status]?.[locale === 'en' ? 'en' : 'zh'] ?? status;
}

type Value = { locale: Locale; setLocale: (locale: Locale) => void; t: PortalT };
const Ctx = createContext<Value | null>(null);

export function PortalI18nProvider({ children, initialLocale }: { children: ReactNode; initialLocale?: Locale }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const first = initialLocale ?? storedLocale();
    setPortalLocale(first);
    return first;
  });
  useEffect(() => {
    setPortalLocale(locale);
    document.documentElement.lang = locale;
    document.title = portalTranslate(locale, 'title');
  }, [locale]);
  const setLocale = useCallback((next: Locale) => {
    storeLocale(next);
    setLocaleState(next);
  }, []);
  const value = useMemo<Value>(() => ({ locale, setLocale, t: (key, vars) => portalTranslate(locale, key, vars) }), [locale, setLocale]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function usePortalI18n(): Value {
  const value = useContext(Ctx);
  if (!value) throw new Error('usePortalI18n outside PortalI18nProvider');
  return value;
}
