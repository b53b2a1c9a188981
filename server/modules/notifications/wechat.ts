import { callGateway, gatewayError, type OutgoingMessage, type SendOutcome } from './gateway-http';

/**
 * WeChat Official Account (公众号) template messages: `POST /cgi-bin/message/template/send`
 * with `{touser: openid, template_id, data: {variable: {value}}}`. The access token comes from
 * `GET /cgi-bin/token` (client_credential) and is cached until 5 minutes before it expires;
 * an answer that the token is invalid or expired (40001, 40014, 42001) drops it and tries once
 * more with a fresh one.
 */
export type WechatConfig = { appId: string; appSecret: string; apiBase: string; timeoutMs: number };

const TOKEN_ERRORS = new Set([40001, 40014, 42001]);
/** -1 system busy, 45009 daily API limit, 45047 out of quota for now: retried. */
const TRANSIENT_ERRORS = new Set([-1, 45009, 45047, 45011]);

export function createWechatSender(config: WechatConfig, now: () => Date = () => new Date()) {
  const base = config.apiBase.replace(/\/$/, '');
  let cached: { token: string; expiresAt: number } | null = null;
  let pending: Promise<string> | null = null;

  async function fetchToken(): Promise<string> {
    const url = `${base}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(config.appId)}&secret=${encodeURIComponent(config.appSecret)}`;
    const { json } = await callGateway('wechat', url, { method: 'GET' }, config.timeoutMs);
    const answer = json as { access_token?: string; expires_in?: number; errcode?: number; errmsg?: string };
    if (!answer.access_token) throw gatewayError(answer.errcode === -1 ? 'transient' : 'permanent', `wechat token: ${answer.errcode ?? '?'} ${answer.errmsg ?? ''}`.trim());
    cached = { token: answer.access_token, expiresAt: now().getTime() + ((answer.expires_in ?? 7200) - 300) * 1000 };
    return answer.access_token;
  }

  /** The cached token, or one fresh fetch shared by concurrent callers. */
  async function accessToken(): Promise<string> {
    if (cached && cached.expiresAt > now().getTime()) return cached.token;
    pending ??= fetchToken().finally(() => {
      pending = null;
    });
    return pending;
  }

  async function sendOnce(message: OutgoingMessage, token: string) {
    const body = JSON.stringify({ touser: message.recipient, template_id: message.providerTemplateCode, data: Object.fromEntries(message.variables.map((name) => [name, { value: message.params[name] ?? '' }])) });
    const { json } = await callGateway('wechat', `${base}/cgi-bin/message/template/send?access_token=${encodeURIComponent(token)}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }, config.timeoutMs);
    return json as { errcode?: number; errmsg?: string; msgid?: number | string };
  }

  return async (message: OutgoingMessage): Promise<SendOutcome> => {
    if (!message.providerTemplateCode) throw gatewayError('permanent', `wechat: template ${message.template} has no template_id`);
    let answer = await sendOnce(message, await accessToken());
    if (answer.errcode !== undefined && TOKEN_ERRORS.has(answer.errcode)) {
      cached = null;
      answer = await sendOnce(message, await accessToken());
    }
    if (!answer.errcode) return { provider: 'wechat', providerMessageId: answer.msgid === undefined ? null : String(answer.msgid) };
    throw gatewayError(TRANSIENT_ERRORS.has(answer.errcode) || TOKEN_ERRORS.has(answer.errcode) ? 'transient' : 'permanent', `wechat: ${answer.errcode} ${answer.errmsg ?? ''}`.trim());
  };
}
