/**
 * The phone's outbox: every step a technician takes (accept, on the way, arrived, report,
 * signature, photo, complete …) is put here first with a client step id generated once per
 * tap, kept in localStorage, and sent in order. A network failure keeps the step (the UI shows
 * 待同步 and retries on `online` and every 15 s); the server applies a retried step with the same
 * id once. An answer — 2xx, or a 4xx that no retry can fix (409 out of order, 400 bad input) —
 * takes the step out and is reported to the listeners.
 */
import type { WorkOrderStatus } from '../../../contracts/dispatch';

export const STEP_KINDS = ['accept', 'decline', 'on_the_way', 'arrived', 'start', 'report', 'signature', 'photo', 'complete', 'not_completed'] as const;
export type StepKind = (typeof STEP_KINDS)[number];

/** URL segment of each step under /api/m/work-orders/:id/. */
export const STEP_SEGMENTS: Record<StepKind, string> = {
  accept: 'accept',
  decline: 'decline',
  on_the_way: 'on-the-way',
  arrived: 'arrived',
  start: 'start',
  report: 'report',
  signature: 'signature',
  photo: 'photos',
  complete: 'complete',
  not_completed: 'not-completed',
};

/** The status a step moves the order to (null: the step does not change the status). */
export const STEP_TARGETS: Record<StepKind, WorkOrderStatus | null> = {
  accept: 'assigned',
  decline: 'waiting',
  on_the_way: 'on_the_way',
  arrived: 'arrived',
  start: 'in_progress',
  report: null,
  signature: null,
  photo: null,
  complete: 'completed',
  not_completed: 'not_completed',
};

export type OutboxStep = {
  clientStepId: string;
  workOrderId: string;
  kind: StepKind;
  /** JSON body without the clientStepId (added when sent). For a photo: `{ dataUrl, caption? }` (sent as raw bytes). */
  body: Record<string, unknown>;
  createdAt: string;
  attempts: number;
  /** The last network problem, while the step waits for the next try. */
  lastError?: string | null;
};

export type StepOutcome =
  | { type: 'applied'; step: OutboxStep; status: number; data: unknown }
  | { type: 'rejected'; step: OutboxStep; status: number; code: string; message: string }
  | { type: 'kept'; step: OutboxStep; reason: string };

export type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

export type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

export type OutboxOptions = {
  fetch: FetchLike;
  storage?: KeyValueStorage | null;
  storageKey?: string;
  /** The session's CSRF token (read at send time: it changes when the technician signs in again). */
  csrfToken?: () => string | null | undefined;
  now?: () => Date;
};

export type Outbox = {
  /** Queues a step (its clientStepId is generated here, once) and returns it. Does not send. */
  enqueue: (input: { workOrderId: string; kind: StepKind; body?: Record<string, unknown>; clientStepId?: string }) => OutboxStep;
  /** The steps still waiting, oldest first. */
  list: () => readonly OutboxStep[];
  /** Sends the waiting steps in order; stops at the first one that cannot be delivered now. */
  flush: () => Promise<StepOutcome[]>;
  /** Called on every change of the queue and with every outcome; returns the unsubscribe. */
  subscribe: (listener: () => void) => () => void;
  onOutcome: (listener: (outcome: StepOutcome) => void) => () => void;
};

export const DEFAULT_OUTBOX_KEY = 'aftersales.m.outbox';
const STEP_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** A fresh client step id: a UUID without dashes (32 hex characters). */
export function newClientStepId(): string {
  const cryptoApi = globalThis.crypto as Crypto | undefined;
  if (cryptoApi && typeof cryptoApi.randomUUID === 'function') return cryptoApi.randomUUID().replace(/-/g, '');
  let text = '';
  for (let index = 0; index < 32; index += 1) text += Math.floor(Math.random() * 16).toString(16);
  return text;
}

export function isClientStepId(value: string): boolean {
  return STEP_ID_PATTERN.test(value);
}

/** Bytes and type of a base64 data URL (a queued photo). */
export function decodeDataUrl(dataUrl: string): { contentType: string; bytes: Uint8Array<ArrayBuffer> } | null {
  const match = /^data:([\w/+.-]+);base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
  if (!match) return null;
  const binary = atob(match[2]);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return { contentType: match[1], bytes };
}

/**
 * The request a step becomes: a JSON body with the clientStepId, except a photo, which goes as
 * the raw image with the step id (and caption) in the query.
 */
export function stepRequest(step: OutboxStep): { path: string; contentType: string; body: BodyInit } {
  const base = `/api/m/work-orders/${encodeURIComponent(step.workOrderId)}/${STEP_SEGMENTS[step.kind]}`;
  if (step.kind === 'photo') {
    const image = decodeDataUrl(String(step.body.dataUrl ?? ''));
    const params = new URLSearchParams({ clientStepId: step.clientStepId });
    if (typeof step.body.caption === 'string' && step.body.caption) params.set('caption', step.body.caption);
    return { path: `${base}?${params.toString()}`, contentType: image?.contentType ?? 'application/octet-stream', body: new Blob([image?.bytes ?? new Uint8Array(new ArrayBuffer(0))], { type: image?.contentType }) };
  }
  return { path: base, contentType: 'application/json', body: JSON.stringify({ ...step.body, clientStepId: step.clientStepId }) };
}

/**
 * Whether an answer settles the step: 2xx and the 4xx no retry could change. 401 (signed out),
 * 403 csrf (a stale token after signing in again), 408 and 429 are worth another try, like 5xx.
 */
export function isFinalStatus(status: number, code?: string): boolean {
  if (status >= 200 && status < 300) return true;
  if (status === 401 || status === 408 || status === 429) return false;
  if (status === 403 && (code === 'csrf_failed' || code === 'password_change_required')) return false;
  return status >= 400 && status < 500;
}

function readSteps(storage: KeyValueStorage | null, key: string): OutboxStep[] {
  if (!storage) return [];
  try {
    const parsed: unknown = JSON.parse(storage.getItem(key) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (item): item is OutboxStep =>
        typeof item === 'object' &&
        item !== null &&
        typeof (item as OutboxStep).clientStepId === 'string' &&
        typeof (item as OutboxStep).workOrderId === 'string' &&
        (STEP_KINDS as readonly string[]).includes((item as OutboxStep).kind),
    );
  } catch {
    return [];
  }
}

function parseJson(text: string): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function createOutbox(options: OutboxOptions): Outbox {
  const storage = options.storage === undefined ? safeLocalStorage() : options.storage;
  const key = options.storageKey ?? DEFAULT_OUTBOX_KEY;
  const now = options.now ?? (() => new Date());
  let steps = readSteps(storage, key);
  let running: Promise<StepOutcome[]> | null = null;
  const listeners = new Set<() => void>();
  const outcomeListeners = new Set<(outcome: StepOutcome) => void>();

  const persist = () => {
    try {
      storage?.setItem(key, JSON.stringify(steps));
    } catch {
      // storage full or unavailable: the queue still lives in memory for this page
    }
    for (const listener of listeners) listener();
  };

  const remove = (clientStepId: string) => {
    steps = steps.filter((step) => step.clientStepId !== clientStepId);
    persist();
  };

  const update = (clientStepId: string, change: Partial<OutboxStep>) => {
    steps = steps.map((step) => (step.clientStepId === clientStepId ? { ...step, ...change } : step));
    persist();
  };

  const report = (outcome: StepOutcome) => {
    for (const listener of outcomeListeners) listener(outcome);
  };

  const sendOne = async (step: OutboxStep): Promise<StepOutcome> => {
    const { path, contentType, body } = stepRequest(step);
    const headers: Record<string, string> = { Accept: 'application/json', 'Content-Type': contentType };
    const token = options.csrfToken?.();
    if (token) headers['X-CSRF-Token'] = token;
    let response: Response;
    try {
      response = await options.fetch(path, { method: 'POST', headers, credentials: 'same-origin', body });
    } catch (cause) {
      const reason = cause instanceof Error ? cause.message : 'network error';
      return { type: 'kept', step, reason };
    }
    const data = parseJson(await response.text().catch(() => ''));
    const error = (data as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const code = typeof error?.code === 'string' ? error.code : '';
    if (!isFinalStatus(response.status, code)) return { type: 'kept', step, reason: `HTTP ${response.status}` };
    if (response.ok) return { type: 'applied', step, status: response.status, data };
    return { type: 'rejected', step, status: response.status, code: code || 'error', message: typeof error?.message === 'string' ? error.message : `HTTP ${response.status}` };
  };

  const drain = async (): Promise<StepOutcome[]> => {
    const outcomes: StepOutcome[] = [];
    // Sent one at a time and in order: a later step of an order depends on the earlier ones.
    for (;;) {
      const step = steps[0];
      if (!step) break;
      const outcome = await sendOne(step);
      outcomes.push(outcome);
      if (outcome.type === 'kept') {
        update(step.clientStepId, { attempts: step.attempts + 1, lastError: outcome.reason });
        report(outcome);
        break;
      }
      // The answer first, then the queue: a screen never sees the step gone while the order still has its old status.
      report(outcome);
      remove(step.clientStepId);
    }
    return outcomes;
  };

  return {
    enqueue: (input) => {
      const clientStepId = input.clientStepId ?? newClientStepId();
      if (!isClientStepId(clientStepId)) throw new Error(`invalid client step id: ${clientStepId}`);
      const step: OutboxStep = { clientStepId, workOrderId: input.workOrderId, kind: input.kind, body: input.body ?? {}, createdAt: now().toISOString(), attempts: 0, lastError: null };
      steps = [...steps, step];
      persist();
      return step;
    },
    list: () => steps,
    flush: () => {
      // One flush at a time: the `online` event, the timer and a tap must not send a step twice at once.
      if (!running) running = drain().finally(() => (running = null));
      return running;
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onOutcome: (listener) => {
      outcomeListeners.add(listener);
      return () => outcomeListeners.delete(listener);
    },
  };
}

function safeLocalStorage(): KeyValueStorage | null {
  try {
    return typeof window !== 'undefined' ? window.localStorage : null;
  } catch {
    return null;
  }
}

/** The status an order will have once its waiting steps are applied (for the buttons shown meanwhile). */
export function effectiveStatus(status: WorkOrderStatus, pending: readonly OutboxStep[]): WorkOrderStatus {
  let current = status;
  for (const step of pending) current = STEP_TARGETS[step.kind] ?? current;
  return current;
}
