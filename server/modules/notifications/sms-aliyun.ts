import { createHmac, randomUUID } from 'node:crypto';
import { callGateway, gatewayError, type OutgoingMessage, type SendOutcome } from './gateway-http';

/**
 * Alibaba Cloud SMS (阿里云短信, dysmsapi 2017-05-25, action SendSms) with the RPC signature
 * v1: the parameters sorted by name, each percent-encoded (RFC 3986: space %20, `*` %2A, `~`
 * kept), joined into the canonical query; StringToSign = `POST&%2F&` + encode(query); the
 * signature is base64 HMAC-SHA1 with the key `AccessKeySecret&`.
 */
export type AliyunConfig = { accessKeyId: string; accessKeySecret: string; signName: string; endpoint: string; region: string; timeoutMs: number };

/** Codes Alibaba answers for throttling and its own trouble: retried. Everything else not OK is permanent. */
const TRANSIENT_CODES = new Set(['isv.BUSINESS_LIMIT_CONTROL', 'Throttling.User', 'Throttling', 'ServiceUnavailable', 'InternalError', 'isp.SYSTEM_ERROR', 'isv.OUT_OF_SERVICE', 'SignatureNonceUsed']);

export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The canonical query and its signature (exported for the fake gateway, which checks it). */
export function signAliyun(params: Record<string, string>, secret: string, method = 'POST'): { canonical: string; signature: string } {
  const canonical = Object.keys(params)
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key])}`)
    .join('&');
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return { canonical, signature: createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64') };
}

export function createAliyunSmsSender(config: AliyunConfig, now: () => Date = () => new Date()) {
  return async (message: OutgoingMessage): Promise<SendOutcome> => {
    if (!message.providerTemplateCode) throw gatewayError('permanent', `aliyun: template ${message.template} has no TemplateCode`);
    const templateParam = Object.fromEntries(message.variables.map((name) => [name, message.params[name] ?? '']));
    const params: Record<string, string> = {
      AccessKeyId: config.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      OutId: message.id,
      PhoneNumbers: message.recipient,
      RegionId: config.region,
      SignName: config.signName,
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      TemplateCode: message.providerTemplateCode,
      TemplateParam: JSON.stringify(templateParam),
      Timestamp: now().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25',
    };
    const { canonical, signature } = signAliyun(params, config.accessKeySecret);
    const { json } = await callGateway('aliyun', `${config.endpoint.replace(/\/$/, '')}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `Signature=${percentEncode(signature)}&${canonical}`,
    }, config.timeoutMs);
    const answer = json as { Code?: string; Message?: string; BizId?: string };
    if (answer.Code === 'OK' && answer.BizId) return { provider: 'aliyun', providerMessageId: answer.BizId };
    const reason = `aliyun: ${answer.Code ?? 'no Code'} ${answer.Message ?? ''}`.trim();
    throw gatewayError(answer.Code && TRANSIENT_CODES.has(answer.Code) ? 'transient' : 'permanent', reason);
  };
}
