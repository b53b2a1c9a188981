import { createHmac } from 'node:crypto';
import { sha256 } from '../../platform/ids';
import { callGateway, gatewayError, type OutgoingMessage, type SendOutcome } from './gateway-http';

/**
 * Tencent Cloud SMS (腾讯云短信, API 2021-01-11, action SendSms) signed with TC3-HMAC-SHA256:
 * canonical request `POST\n/\n\ncontent-type:…\nhost:…\n\ncontent-type;host\n<sha256 body>`,
 * string to sign `TC3-HMAC-SHA256\n<timestamp>\n<date>/sms/tc3_request\n<sha256 canonical>`,
 * key chain HMAC(HMAC(HMAC("TC3"+key, date), "sms"), "tc3_request").
 */
export type TencentConfig = { secretId: string; secretKey: string; sdkAppId: string; signName: string; endpoint: string; region: string; timeoutMs: number };

const CONTENT_TYPE = 'application/json; charset=utf-8';
const TRANSIENT_PREFIXES = ['RequestLimitExceeded', 'LimitExceeded.PhoneNumberThirtySecondLimit', 'LimitExceeded.PhoneNumberOneHourLimit', 'InternalError', 'FailedOperation.FailResolvePacket', 'ResourceUnavailable'];

const hmac = (key: string | Buffer, value: string) => createHmac('sha256', key).update(value).digest();

/** The Authorization header value (exported for the fake gateway, which recomputes it). */
export function signTencent(input: { secretId: string; secretKey: string; host: string; body: string; timestamp: number }): string {
  const date = new Date(input.timestamp * 1000).toISOString().slice(0, 10);
  const canonical = `POST\n/\n\ncontent-type:${CONTENT_TYPE}\nhost:${input.host}\n\ncontent-type;host\n${sha256(input.body)}`;
  const scope = `${date}/sms/tc3_request`;
  const stringToSign = `TC3-HMAC-SHA256\n${input.timestamp}\n${scope}\n${sha256(canonical)}`;
  const signingKey = hmac(hmac(hmac(`TC3${input.secretKey}`, date), 'sms'), 'tc3_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  return `TC3-HMAC-SHA256 Credential=${input.secretId}/${scope}, SignedHeaders=content-type;host, Signature=${signature}`;
}

function isTransient(code: string): boolean {
  return TRANSIENT_PREFIXES.some((prefix) => code === prefix || code.startsWith(`${prefix}.`));
}

export function createTencentSmsSender(config: TencentConfig, now: () => Date = () => new Date()) {
  return async (message: OutgoingMessage): Promise<SendOutcome> => {
    if (!message.providerTemplateCode) throw gatewayError('permanent', `tencent: template ${message.template} has no TemplateId`);
    const url = new URL(config.endpoint);
    const body = JSON.stringify({
      PhoneNumberSet: [`+86${message.recipient}`],
      SmsSdkAppId: config.sdkAppId,
      SignName: config.signName,
      TemplateId: message.providerTemplateCode,
      TemplateParamSet: message.variables.map((name) => message.params[name] ?? ''),
      SessionContext: message.id,
    });
    const timestamp = Math.floor(now().getTime() / 1000);
    const { json } = await callGateway('tencent', url.toString(), {
      method: 'POST',
      headers: {
        authorization: signTencent({ secretId: config.secretId, secretKey: config.secretKey, host: url.host, body, timestamp }),
        'content-type': CONTENT_TYPE,
        'x-tc-action': 'SendSms',
        'x-tc-version': '2021-01-11',
        'x-tc-timestamp': String(timestamp),
        'x-tc-region': config.region,
      },
      body,
    }, config.timeoutMs);
    const response = (json as { Response?: { Error?: { Code: string; Message: string }; SendStatusSet?: { SerialNo: string; Code: string; Message: string }[] } }).Response;
    if (!response) throw gatewayError('transient', 'tencent: answer without Response');
    if (response.Error) throw gatewayError(isTransient(response.Error.Code) ? 'transient' : 'permanent', `tencent: ${response.Error.Code} ${response.Error.Message}`);
    const [status] = response.SendStatusSet ?? [];
    if (!status) throw gatewayError('transient', 'tencent: answer without SendStatusSet');
    if (status.Code === 'Ok') return { provider: 'tencent', providerMessageId: status.SerialNo };
    throw gatewayError(isTransient(status.Code) ? 'transient' : 'permanent', `tencent: ${status.Code} ${status.Message}`);
  };
}
