import type { TChannel } from '../../../contracts/notifications';

/**
 * What every gateway adapter shares: the message it is given, what it answers, and its two
 * kinds of failure. A transient failure (network, timeout, 5xx, throttling) is retried with
 * backoff; a permanent one (invalid number, template not approved) stops with the reason.
 * Reasons never carry a secret, a signature or a URL with an access token.
 */
export type OutgoingMessage = {
  id: string;
  channel: TChannel;
  recipient: string;
  body: string;
  template: string;
  params: Record<string, string>;
  /** The variables of the text in order (Tencent's TemplateParamSet is positional). */
  variables: string[];
  providerTemplateCode: string | null;
};

/** What a gateway reports for an accepted message. */
export type SendOutcome = { provider: string; providerMessageId?: string | null };

export type GatewayError = Error & { isPermanent: boolean; reason: string };

export function gatewayError(kind: 'transient' | 'permanent', reason: string): GatewayError {
  const error = new Error(reason) as GatewayError;
  error.name = 'GatewayError';
  error.isPermanent = kind === 'permanent';
  error.reason = reason;
  return error;
}

export function isGatewayError(error: unknown): error is GatewayError {
  return error instanceof Error && typeof (error as Partial<GatewayError>).isPermanent === 'boolean';
}

/**
 * One HTTP call to a gateway with a timeout; answers the parsed JSON. Network errors, timeouts,
 * 429/5xx and answers that are not JSON are transient failures naming the provider.
 */
export async function callGateway(provider: string, url: string, init: RequestInit, timeoutMs: number): Promise<{ status: number; json: unknown }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    throw gatewayError('transient', `${provider}: network error (${cause})`);
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw gatewayError('transient', `${provider}: answer is not JSON (HTTP ${response.status})`);
  }
  if (response.status === 429 || response.status >= 500) {
    throw gatewayError('transient', `${provider}: HTTP ${response.status}`);
  }
  return { status: response.status, json };
}

/** Sends one message through a gateway; answers the provider and its message id (nothing: a sender without ids). */
export type MessageSender = (message: OutgoingMessage) => Promise<SendOutcome | void>;
