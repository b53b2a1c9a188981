import { createHmac } from 'node:crypto';
import { callGateway, gatewayError, type OutgoingMessage, type SendOutcome } from './gateway-http';

/**
 * A plain HTTP webhook for an in-house SMS platform: POST JSON `{id, channel, recipient, body,
 * template, templateCode, params}` with `X-Signature: sha256=<hex HMAC-SHA256 of the body>`.
 * A 2xx answer `{"messageId"?: string}` is accepted; any other 4xx is permanent with the
 * answer's `error` as the reason; 429/5xx are transient.
 */
export type WebhookConfig = { url: string; secret: string; timeoutMs: number };

export function signWebhook(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export function createWebhookSmsSender(config: WebhookConfig) {
  return async (message: OutgoingMessage): Promise<SendOutcome> => {
    const body = JSON.stringify({ id: message.id, channel: message.channel, recipient: message.recipient, body: message.body, template: message.template, templateCode: message.providerTemplateCode, params: message.params });
    const { status, json } = await callGateway('webhook', config.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': signWebhook(body, config.secret) }, body }, config.timeoutMs);
    const answer = (json ?? {}) as { messageId?: string; error?: string };
    if (status >= 200 && status < 300) return { provider: 'webhook', providerMessageId: answer.messageId ?? message.id };
    throw gatewayError('permanent', `webhook: HTTP ${status} ${answer.error ?? ''}`.trim());
  };
}
