import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { safeEqual } from '../../platform/ids';
import { signAliyun } from './sms-aliyun';
import { signTencent } from './sms-tencent';
import { signWebhook } from './sms-webhook';

/**
 * A local stand-in for the gateways (tests and `npm run bench:outbox`): Alibaba Cloud SMS at
 * `/aliyun/`, Tencent Cloud SMS at `/tencent/`, the webhook at `/webhook`, WeChat at
 * `/wechat/cgi-bin/…`. It CHECKS what the real ones check — the signature and the required
 * parameters — and answers success, throttling or a permanent failure as planned per phone
 * (or openid). It never imports the application: it only speaks HTTP.
 */
export type FakeOutcome = 'ok' | 'throttle' | 'invalid_number' | 'template_unapproved' | 'server_error' | 'not_json';

export type FakeSend = { provider: 'aliyun' | 'tencent' | 'webhook' | 'wechat'; recipient: string; templateCode: string | null; params: unknown; messageId: string; outId: string | null };

export const FAKE_CREDENTIALS = {
  aliyun: { accessKeyId: 'LTAI-fake-id', accessKeySecret: 'fake-aliyun-secret' },
  tencent: { secretId: 'AKID-fake-id', secretKey: 'fake-tencent-key', sdkAppId: '1400000001' },
  webhook: { secret: 'fake-webhook-secret' },
  wechat: { appId: 'wx-fake-app', appSecret: 'fake-wechat-secret' },
};

export async function startFakeGateway() {
  const plans = new Map<string, FakeOutcome[]>();
  const sent: FakeSend[] = [];
  const rejected: { provider: string; reason: string }[] = [];
  const tokens = new Map<string, number>();
  let tokenFetches = 0;
  let counter = 0;

  const outcomeFor = (recipient: string): FakeOutcome => plans.get(recipient)?.shift() ?? 'ok';

  function reply(response: http.ServerResponse, status: number, body: unknown) {
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(typeof body === 'string' ? body : JSON.stringify(body));
  }

  function reject(response: http.ServerResponse, provider: string, reason: string, body: unknown) {
    rejected.push({ provider, reason });
    reply(response, 400, body);
  }

  function handleAliyun(body: string, response: http.ServerResponse) {
    const params = Object.fromEntries(new URLSearchParams(body));
    const { Signature: signature, ...rest } = params;
    if (rest.AccessKeyId !== FAKE_CREDENTIALS.aliyun.accessKeyId) return reject(response, 'aliyun', 'access key', { Code: 'InvalidAccessKeyId.NotFound', Message: 'Specified access key is not found.' });
    if (signature !== signAliyun(rest, FAKE_CREDENTIALS.aliyun.accessKeySecret).signature) return reject(response, 'aliyun', 'signature', { Code: 'SignatureDoesNotMatch', Message: 'Specified signature is not matched with our calculation.' });
    for (const key of ['Action', 'PhoneNumbers', 'SignName', 'TemplateCode', 'TemplateParam', 'Timestamp', 'SignatureNonce', 'Version']) {
      if (!rest[key]) return reject(response, 'aliyun', key, { Code: 'MissingParameter', Message: `${key} is mandatory` });
    }
    if (rest.Action !== 'SendSms' || rest.Version !== '2017-05-25' || rest.SignatureMethod !== 'HMAC-SHA1' || rest.SignatureVersion !== '1.0') return reject(response, 'aliyun', 'action', { Code: 'InvalidParameter', Message: 'action/version' });
    let templateParam: unknown;
    try {
      templateParam = JSON.parse(rest.TemplateParam);
    } catch {
      return reject(response, 'aliyun', 'TemplateParam', { Code: 'isv.INVALID_JSON_PARAM', Message: 'JSON参数不合法' });
    }
    const outcome = outcomeFor(rest.PhoneNumbers);
    if (outcome === 'server_error') return reply(response, 503, { Code: 'ServiceUnavailable', Message: 'The request has failed due to a temporary failure of the server.' });
    if (outcome === 'not_json') return reply(response, 502, '<html>Bad Gateway</html>');
    if (outcome === 'throttle') return reply(response, 200, { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '触发号码天级流控', RequestId: randomUUID() });
    if (outcome === 'invalid_number') return reply(response, 200, { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号', RequestId: randomUUID() });
    if (outcome === 'template_unapproved') return reply(response, 200, { Code: 'isv.SMS_TEMPLATE_ILLEGAL', Message: '该账号下找不到对应模板', RequestId: randomUUID() });
    counter += 1;
    const bizId = `${900000 + counter}^0`;
    sent.push({ provider: 'aliyun', recipient: rest.PhoneNumbers, templateCode: rest.TemplateCode, params: templateParam, messageId: bizId, outId: rest.OutId ?? null });
    reply(response, 200, { Code: 'OK', Message: 'OK', BizId: bizId, RequestId: randomUUID() });
  }

  function handleTencent(request: http.IncomingMessage, body: string, response: http.ServerResponse) {
    const timestamp = Number(request.headers['x-tc-timestamp']);
    const expected = signTencent({ secretId: FAKE_CREDENTIALS.tencent.secretId, secretKey: FAKE_CREDENTIALS.tencent.secretKey, host: String(request.headers.host), body, timestamp });
    const given = String(request.headers.authorization ?? '');
    if (!safeEqual(given, expected)) return reject(response, 'tencent', 'signature', { Response: { Error: { Code: 'AuthFailure.SignatureFailure', Message: 'The provided credentials could not be validated.' }, RequestId: randomUUID() } });
    if (request.headers['x-tc-action'] !== 'SendSms' || request.headers['x-tc-version'] !== '2021-01-11') return reject(response, 'tencent', 'action', { Response: { Error: { Code: 'InvalidAction', Message: 'action/version' } } });
    const payload = JSON.parse(body) as { PhoneNumberSet?: string[]; SmsSdkAppId?: string; SignName?: string; TemplateId?: string; TemplateParamSet?: string[]; SessionContext?: string };
    if (payload.SmsSdkAppId !== FAKE_CREDENTIALS.tencent.sdkAppId || !payload.SignName || !payload.TemplateId || !Array.isArray(payload.TemplateParamSet) || !payload.PhoneNumberSet?.length) {
      return reject(response, 'tencent', 'parameters', { Response: { Error: { Code: 'MissingParameter', Message: 'SmsSdkAppId/SignName/TemplateId/TemplateParamSet/PhoneNumberSet' } } });
    }
    const phone = payload.PhoneNumberSet[0];
    const outcome = outcomeFor(phone.replace(/^\+86/, ''));
    if (outcome === 'server_error') return reply(response, 500, { Response: { Error: { Code: 'InternalError', Message: 'internal error' } } });
    if (outcome === 'not_json') return reply(response, 502, 'Bad Gateway');
    if (outcome === 'throttle') return reply(response, 200, { Response: { Error: { Code: 'RequestLimitExceeded', Message: '请求的次数超过了频率限制。' }, RequestId: randomUUID() } });
    const status = (code: string, message: string, serial = '') => ({ Response: { SendStatusSet: [{ SerialNo: serial, PhoneNumber: phone, Fee: serial ? 1 : 0, SessionContext: payload.SessionContext ?? '', Code: code, Message: message, IsoCode: 'CN' }], RequestId: randomUUID() } });
    if (outcome === 'invalid_number') return reply(response, 200, status('InvalidParameterValue.IncorrectPhoneNumber', '手机号格式错误'));
    if (outcome === 'template_unapproved') return reply(response, 200, status('FailedOperation.TemplateIncorrectOrUnapproved', '模板未审批或内容不匹配'));
    counter += 1;
    const serial = `2640:${100000 + counter}`;
    sent.push({ provider: 'tencent', recipient: phone, templateCode: payload.TemplateId, params: payload.TemplateParamSet, messageId: serial, outId: payload.SessionContext ?? null });
    reply(response, 200, status('Ok', 'send success', serial));
  }

  function handleWebhook(request: http.IncomingMessage, body: string, response: http.ServerResponse) {
    if (request.headers['x-signature'] !== signWebhook(body, FAKE_CREDENTIALS.webhook.secret)) return reject(response, 'webhook', 'signature', { error: 'bad signature' });
    const payload = JSON.parse(body) as { id: string; recipient: string; templateCode: string | null; params: unknown };
    const outcome = outcomeFor(payload.recipient);
    if (outcome === 'server_error' || outcome === 'throttle') return reply(response, outcome === 'throttle' ? 429 : 500, { error: outcome });
    if (outcome === 'not_json') return reply(response, 200, 'OK');
    if (outcome !== 'ok') return reply(response, 422, { error: outcome });
    counter += 1;
    const messageId = `wh-${counter}`;
    sent.push({ provider: 'webhook', recipient: payload.recipient, templateCode: payload.templateCode, params: payload.params, messageId, outId: payload.id });
    reply(response, 200, { messageId });
  }

  function handleWechat(url: URL, body: string, response: http.ServerResponse) {
    if (url.pathname === '/wechat/cgi-bin/token') {
      tokenFetches += 1;
      if (url.searchParams.get('grant_type') !== 'client_credential' || url.searchParams.get('appid') !== FAKE_CREDENTIALS.wechat.appId || url.searchParams.get('secret') !== FAKE_CREDENTIALS.wechat.appSecret) return reply(response, 200, { errcode: 40125, errmsg: 'invalid appsecret' });
      const token = `tok-${randomUUID()}`;
      tokens.set(token, 7200);
      return reply(response, 200, { access_token: token, expires_in: 7200 });
    }
    if (url.pathname === '/wechat/cgi-bin/message/template/send') {
      const token = url.searchParams.get('access_token') ?? '';
      if (!tokens.has(token)) return reply(response, 200, { errcode: 42001, errmsg: 'access_token expired' });
      const payload = JSON.parse(body) as { touser?: string; template_id?: string; data?: Record<string, { value: string }> };
      if (!payload.touser || !payload.template_id || !payload.data) return reject(response, 'wechat', 'parameters', { errcode: 47001, errmsg: 'data format error' });
      const outcome = outcomeFor(payload.touser);
      if (outcome === 'throttle') return reply(response, 200, { errcode: 45009, errmsg: 'reach max api daily quota limit' });
      if (outcome === 'invalid_number') return reply(response, 200, { errcode: 40003, errmsg: 'invalid openid' });
      if (outcome === 'template_unapproved') return reply(response, 200, { errcode: 40037, errmsg: 'invalid template_id' });
      if (outcome === 'server_error') return reply(response, 500, { errcode: -1, errmsg: 'system error' });
      if (outcome === 'not_json') return reply(response, 200, 'oops');
      counter += 1;
      sent.push({ provider: 'wechat', recipient: payload.touser, templateCode: payload.template_id, params: payload.data, messageId: String(700000 + counter), outId: null });
      return reply(response, 200, { errcode: 0, errmsg: 'ok', msgid: 700000 + counter });
    }
    reply(response, 404, { errcode: 404, errmsg: 'not found' });
  }

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const url = new URL(request.url ?? '/', 'http://fake');
      if (url.pathname === '/aliyun/') return handleAliyun(body, response);
      if (url.pathname === '/tencent/') return handleTencent(request, body, response);
      if (url.pathname === '/webhook') return handleWebhook(request, body, response);
      if (url.pathname.startsWith('/wechat/')) return handleWechat(url, body, response);
      reply(response, 404, { error: 'not found' });
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    sent,
    rejected,
    get tokenFetches() {
      return tokenFetches;
    },
    /** The next answers for this phone (or openid), in order; then success. */
    plan(recipient: string, ...outcomes: FakeOutcome[]) {
      plans.set(recipient, [...(plans.get(recipient) ?? []), ...outcomes]);
    },
    /** Every WeChat access token expires at once (the next send gets 42001). */
    expireTokens() {
      tokens.clear();
    },
    /** Posts delivery receipts in the provider's own shape to the application's receipt URL. */
    async postReceipts(provider: 'aliyun' | 'tencent', receiptUrl: string, receipts: { messageId: string; recipient: string; isDelivered: boolean }[]) {
      const body =
        provider === 'aliyun'
          ? receipts.map((receipt) => ({ phone_number: receipt.recipient, send_time: '2026-11-22 10:00:00', report_time: '2026-11-22 10:00:05', success: receipt.isDelivered, err_code: receipt.isDelivered ? 'DELIVERED' : 'MK:0001', err_msg: receipt.isDelivered ? '用户接收成功' : '用户关机', sms_size: '1', biz_id: receipt.messageId, out_id: '' }))
          : receipts.map((receipt) => ({ user_receive_time: '2026-11-22 10:00:05', nationcode: '86', mobile: receipt.recipient, report_status: receipt.isDelivered ? 'SUCCESS' : 'FAIL', errmsg: receipt.isDelivered ? 'DELIVRD' : 'MN:0001', description: receipt.isDelivered ? '用户短信送达成功' : '空号', sid: receipt.messageId }));
      const response = await fetch(receiptUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: response.status, json: (await response.json()) as unknown };
    },
    /** The application's env pointing every gateway here. */
    envFor(smsProvider: 'aliyun' | 'tencent' | 'webhook'): Record<string, string> {
      return {
        SMS_PROVIDER: smsProvider,
        ALIYUN_SMS_ACCESS_KEY_ID: FAKE_CREDENTIALS.aliyun.accessKeyId,
        ALIYUN_SMS_ACCESS_KEY_SECRET: FAKE_CREDENTIALS.aliyun.accessKeySecret,
        ALIYUN_SMS_SIGN_NAME: '售后服务',
        ALIYUN_SMS_ENDPOINT: `${url}/aliyun`,
        TENCENT_SMS_SECRET_ID: FAKE_CREDENTIALS.tencent.secretId,
        TENCENT_SMS_SECRET_KEY: FAKE_CREDENTIALS.tencent.secretKey,
        TENCENT_SMS_SDK_APP_ID: FAKE_CREDENTIALS.tencent.sdkAppId,
        TENCENT_SMS_SIGN_NAME: '售后服务',
        TENCENT_SMS_ENDPOINT: `${url}/tencent/`,
        SMS_WEBHOOK_URL: `${url}/webhook`,
        SMS_WEBHOOK_SECRET: FAKE_CREDENTIALS.webhook.secret,
        WECHAT_APP_ID: FAKE_CREDENTIALS.wechat.appId,
        WECHAT_APP_SECRET: FAKE_CREDENTIALS.wechat.appSecret,
        WECHAT_API_BASE: `${url}/wechat`,
        NOTIFY_RECEIPT_SECRET: 'receipt-secret-0123456789',
      };
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type FakeGateway = Awaited<ReturnType<typeof startFakeGateway>>;

