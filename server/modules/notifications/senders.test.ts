import nodemailer, { type SendMailOptions } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_CREDENTIALS, startFakeGateway, type FakeGateway } from './fake-gateway';
import type { GatewayError, OutgoingMessage } from './gateway-http';
import { createLogSender, createSmtpSender } from './senders';
import { createAliyunSmsSender, percentEncode, signAliyun } from './sms-aliyun';
import { createTencentSmsSender } from './sms-tencent';
import { createWebhookSmsSender } from './sms-webhook';
import { renderTemplate, smsParts, unknownVariables } from './templates';
import { createWechatSender } from './wechat';

function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return { id: crypto.randomUUID(), channel: 'sms', recipient: '13800138000', body: '【售后服务】您的服务单 SH1 已处理完毕。', template: 'technician_on_the_way', params: { number: 'SH1', technician: '王师傅', window: '09:00-11:00' }, variables: ['number', 'technician', 'window'], providerTemplateCode: 'SMS_0001', ...overrides };
}

async function failureOf(promise: Promise<unknown>): Promise<GatewayError> {
  try {
    await promise;
  } catch (error) {
    return error as GatewayError;
  }
  throw new Error('expected a failure');
}

describe('templates', () => {
  it('renders templates in Chinese by default and in English on request', () => {
    expect(renderTemplate('ticket_received', { number: 'SH20261122-0001', promised: '11月23日 10:00' })).toBe('【售后服务】您的服务申请已受理，单号 SH20261122-0001，我们将在 11月23日 10:00 前与您联系。');
    expect(renderTemplate('sla_breached', { number: 'SH1', clock: 'response', due: 'Nov 23 10:00' }, 'en')).toBe('Ticket SH1: the response time limit was breached (due Nov 23 10:00). Please act now.');
  });

  it('counts SMS parts: 70 characters are one message, longer ones go in parts of 67', () => {
    expect(smsParts('短'.repeat(70))).toEqual({ length: 70, parts: 1 });
    expect(smsParts('短'.repeat(71))).toEqual({ length: 71, parts: 2 });
    expect(smsParts('短'.repeat(134))).toEqual({ length: 134, parts: 2 });
    expect(smsParts('短'.repeat(135))).toEqual({ length: 135, parts: 3 });
  });

  it('names variables an event does not offer', () => {
    expect(unknownVariables('ticket_received', '单号 {number}，{promised}，{customerName}')).toEqual(['customerName']);
  });
});

describe('gateway adapters against the local fake gateway', () => {
  let fake: FakeGateway;
  beforeAll(async () => {
    fake = await startFakeGateway();
  });
  afterAll(() => fake.close());

  const aliyun = (secret = FAKE_CREDENTIALS.aliyun.accessKeySecret) => createAliyunSmsSender({ accessKeyId: FAKE_CREDENTIALS.aliyun.accessKeyId, accessKeySecret: secret, signName: '售后服务', endpoint: `${fake.url}/aliyun`, region: 'cn-hangzhou', timeoutMs: 2000 });
  const tencent = (key = FAKE_CREDENTIALS.tencent.secretKey) => createTencentSmsSender({ secretId: FAKE_CREDENTIALS.tencent.secretId, secretKey: key, sdkAppId: FAKE_CREDENTIALS.tencent.sdkAppId, signName: '售后服务', endpoint: `${fake.url}/tencent/`, region: 'ap-guangzhou', timeoutMs: 2000 });

  it("signs Alibaba's RPC v1 request as its documentation's example does", () => {
    // The worked example of Alibaba's "RPC signature" page (AccessKeySecret testsecret).
    const { signature } = signAliyun({ AccessKeyId: 'testid', Action: 'DescribeRegions', Format: 'XML', SignatureMethod: 'HMAC-SHA1', SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf', SignatureVersion: '1.0', Timestamp: '2016-02-23T12:46:24Z', Version: '2014-05-26' }, 'testsecret', 'GET');
    expect(signature).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
    expect(percentEncode("a b*~'")).toBe('a%20b%2A~%27');
  });

  it('Alibaba: a signed SendSms with SignName, TemplateCode and TemplateParam JSON answers the BizId', async () => {
    const outcome = await aliyun()(message({ recipient: '13800000001' }));
    expect(outcome.provider).toBe('aliyun');
    const send = fake.sent.find((entry) => entry.messageId === outcome.providerMessageId)!;
    expect(send).toMatchObject({ recipient: '13800000001', templateCode: 'SMS_0001', params: { number: 'SH1', technician: '王师傅', window: '09:00-11:00' } });
  });

  it('Alibaba: throttling and 5xx and a non-JSON answer are transient; an invalid number or template is permanent with the reason', async () => {
    fake.plan('13800000002', 'throttle', 'server_error', 'not_json', 'invalid_number', 'template_unapproved');
    const throttled = await failureOf(aliyun()(message({ recipient: '13800000002' })));
    expect(throttled).toMatchObject({ isPermanent: false });
    expect(throttled.reason).toContain('isv.BUSINESS_LIMIT_CONTROL');
    expect(await failureOf(aliyun()(message({ recipient: '13800000002' })))).toMatchObject({ isPermanent: false, reason: 'aliyun: HTTP 503' });
    expect(await failureOf(aliyun()(message({ recipient: '13800000002' })))).toMatchObject({ isPermanent: false, reason: 'aliyun: answer is not JSON (HTTP 502)' });
    const invalid = await failureOf(aliyun()(message({ recipient: '13800000002' })));
    expect(invalid).toMatchObject({ isPermanent: true, reason: 'aliyun: isv.MOBILE_NUMBER_ILLEGAL 非法手机号' });
    expect((await failureOf(aliyun()(message({ recipient: '13800000002' })))).reason).toContain('isv.SMS_TEMPLATE_ILLEGAL');
  });

  it('Alibaba: the fake refuses a wrong signature, and the reason carries no secret', async () => {
    const error = await failureOf(aliyun('not-the-secret')(message()));
    expect(error.reason).toContain('SignatureDoesNotMatch');
    expect(error.reason).not.toContain('not-the-secret');
    expect(fake.rejected.at(-1)).toMatchObject({ provider: 'aliyun', reason: 'signature' });
  });

  it('Tencent: a TC3-HMAC-SHA256 signed SendSms with the parameters in the order of the variables answers the SerialNo', async () => {
    const outcome = await tencent()(message({ recipient: '13800000003', params: { window: '09:00-11:00', number: 'SH9', technician: '李师傅' } }));
    const send = fake.sent.find((entry) => entry.messageId === outcome.providerMessageId)!;
    expect(send).toMatchObject({ provider: 'tencent', recipient: '+8613800000003', templateCode: 'SMS_0001', params: ['SH9', '李师傅', '09:00-11:00'] });
    const refused = await failureOf(tencent('wrong-key')(message()));
    expect(refused).toMatchObject({ isPermanent: true });
    expect(refused.reason).toContain('AuthFailure.SignatureFailure');
  });

  it('Tencent: RequestLimitExceeded is transient, an incorrect number and an unapproved template are permanent', async () => {
    fake.plan('13800000004', 'throttle', 'invalid_number', 'template_unapproved');
    expect(await failureOf(tencent()(message({ recipient: '13800000004' })))).toMatchObject({ isPermanent: false });
    expect(await failureOf(tencent()(message({ recipient: '13800000004' })))).toMatchObject({ isPermanent: true, reason: 'tencent: InvalidParameterValue.IncorrectPhoneNumber 手机号格式错误' });
    expect((await failureOf(tencent()(message({ recipient: '13800000004' })))).reason).toContain('TemplateIncorrectOrUnapproved');
  });

  it('webhook: signs the body; 422 is permanent, 429 transient', async () => {
    const webhook = createWebhookSmsSender({ url: `${fake.url}/webhook`, secret: FAKE_CREDENTIALS.webhook.secret, timeoutMs: 2000 });
    expect((await webhook(message({ recipient: '13800000005' }))).providerMessageId).toMatch(/^wh-/);
    fake.plan('13800000005', 'invalid_number', 'throttle');
    expect(await failureOf(webhook(message({ recipient: '13800000005' })))).toMatchObject({ isPermanent: true });
    expect(await failureOf(webhook(message({ recipient: '13800000005' })))).toMatchObject({ isPermanent: false });
    const unsigned = createWebhookSmsSender({ url: `${fake.url}/webhook`, secret: 'wrong', timeoutMs: 2000 });
    expect(await failureOf(unsigned(message()))).toMatchObject({ isPermanent: true });
  });

  it('WeChat: the access token is fetched once and cached; an expired one is refreshed and the send retried; an invalid openid is permanent', async () => {
    const wechat = createWechatSender({ appId: FAKE_CREDENTIALS.wechat.appId, appSecret: FAKE_CREDENTIALS.wechat.appSecret, apiBase: `${fake.url}/wechat`, timeoutMs: 2000 });
    const before = fake.tokenFetches;
    const first = await wechat(message({ channel: 'wechat', recipient: 'o-openid-1', providerTemplateCode: 'TPL-A' }));
    await wechat(message({ channel: 'wechat', recipient: 'o-openid-1', providerTemplateCode: 'TPL-A' }));
    expect(fake.tokenFetches - before).toBe(1);
    expect(fake.sent.find((entry) => entry.messageId === first.providerMessageId)).toMatchObject({ provider: 'wechat', templateCode: 'TPL-A', params: { number: { value: 'SH1' }, technician: { value: '王师傅' }, window: { value: '09:00-11:00' } } });
    fake.expireTokens();
    expect((await wechat(message({ channel: 'wechat', recipient: 'o-openid-1', providerTemplateCode: 'TPL-A' }))).provider).toBe('wechat');
    expect(fake.tokenFetches - before).toBe(2);
    fake.plan('o-openid-2', 'invalid_number');
    expect(await failureOf(wechat(message({ channel: 'wechat', recipient: 'o-openid-2', providerTemplateCode: 'TPL-A' })))).toMatchObject({ isPermanent: true, reason: 'wechat: 40003 invalid openid' });
    const badSecret = createWechatSender({ appId: FAKE_CREDENTIALS.wechat.appId, appSecret: 'leaked?', apiBase: `${fake.url}/wechat`, timeoutMs: 2000 });
    const refused = await failureOf(badSecret(message({ channel: 'wechat', recipient: 'o-openid-1', providerTemplateCode: 'TPL-A' })));
    expect(refused.reason).toBe('wechat token: 40125 invalid appsecret');
  });

  it('an unreachable gateway is a transient network error', async () => {
    const down = createAliyunSmsSender({ accessKeyId: 'x', accessKeySecret: 'y', signName: 's', endpoint: 'http://127.0.0.1:1', region: 'cn-hangzhou', timeoutMs: 500 });
    const error = await failureOf(down(message()));
    expect(error).toMatchObject({ isPermanent: false });
    expect(error.reason).toMatch(/^aliyun: network error/);
  });
});

describe('SMTP and the log', () => {
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
    const sender = createSmtpSender({ from: 'aftersales@example.com', transport }, createLogSender((entry) => logged.push(entry.recipient)));
    await sender(message({ channel: 'email', recipient: 'manager@example.com', body: '工单 SH1 的响应时限已超时。请尽快处理。' }));
    await sender(message({ channel: 'sms', recipient: '13800138000', body: '验证码 123456' }));
    expect(sent).toHaveLength(1);
    expect(String(sent[0])).toContain('To: manager@example.com');
    expect(logged).toEqual(['13800138000']);
  });
});
