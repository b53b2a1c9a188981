import { describe, expect, it } from 'vitest';
import { createOutbox, effectiveStatus, isClientStepId, isFinalStatus, newClientStepId, stepRequest, type FetchLike, type KeyValueStorage, type StepOutcome } from './outbox';

const ORDER = '11111111-1111-4111-8111-111111111111';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (key) => data.get(key) ?? null, setItem: (key, value) => void data.set(key, value) };
}

type Sent = { path: string; body: unknown; headers: Record<string, string> };

/** A fetch answering from a script: 'offline' throws like a dropped connection, a number answers that status. */
function scriptedFetch(script: (number | 'offline')[], sent: Sent[]): FetchLike {
  return async (path, init) => {
    sent.push({ path, body: typeof init.body === 'string' ? JSON.parse(init.body) : init.body, headers: init.headers as Record<string, string> });
    const next = script.shift() ?? 200;
    if (next === 'offline') throw new TypeError('Failed to fetch');
    const body = next < 300 ? { id: ORDER, status: 'assigned' } : { error: { code: next === 409 ? 'conflict' : 'bad_request', message: next === 409 ? 'Work order is not in a state that allows this step' : 'bad' } };
    return new Response(JSON.stringify(body), { status: next, headers: { 'Content-Type': 'application/json' } });
  };
}

describe('client step ids', () => {
  it('are 32 letters/digits, fit the server pattern and differ per call', () => {
    const first = newClientStepId();
    const second = newClientStepId();
    expect(first).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(isClientStepId(first)).toBe(true);
    expect(first).not.toBe(second);
    expect(isClientStepId('short')).toBe(false);
    expect(isClientStepId('has space in it')).toBe(false);
  });
});

describe('outbox', () => {
  it('keeps a step whose send failed on the network, with the same clientStepId, and sends that id again on retry', async () => {
    const storage = memoryStorage();
    const sent: Sent[] = [];
    const outbox = createOutbox({ fetch: scriptedFetch(['offline', 200], sent), storage, csrfToken: () => 'csrf-1' });
    const step = outbox.enqueue({ workOrderId: ORDER, kind: 'on_the_way' });

    const first = await outbox.flush();
    expect(first.map((outcome) => outcome.type)).toEqual(['kept']);
    expect(outbox.list()).toHaveLength(1);
    expect(outbox.list()[0].clientStepId).toBe(step.clientStepId);
    expect(outbox.list()[0].attempts).toBe(1);
    // Survives a reload of the page: a new outbox over the same storage still has it.
    expect(createOutbox({ fetch: scriptedFetch([], []), storage }).list().map((item) => item.clientStepId)).toEqual([step.clientStepId]);

    const second = await outbox.flush();
    expect(second.map((outcome) => outcome.type)).toEqual(['applied']);
    expect(outbox.list()).toHaveLength(0);
    expect(JSON.parse(storage.data.get('aftersales.m.outbox') ?? 'null')).toEqual([]);
    expect(sent.map((request) => request.path)).toEqual([`/api/m/work-orders/${ORDER}/on-the-way`, `/api/m/work-orders/${ORDER}/on-the-way`]);
    expect(sent.map((request) => (request.body as { clientStepId: string }).clientStepId)).toEqual([step.clientStepId, step.clientStepId]);
    expect(sent[0].headers['X-CSRF-Token']).toBe('csrf-1');
  });

  it('removes a step on success and hands the answer to the listeners', async () => {
    const outcomes: StepOutcome[] = [];
    const queuedWhenReported: number[] = [];
    const outbox = createOutbox({ fetch: scriptedFetch([200], []), storage: memoryStorage() });
    // The answer is handed over before the step leaves the queue, so a screen never shows the old status without the step.
    outbox.onOutcome((outcome) => {
      outcomes.push(outcome);
      queuedWhenReported.push(outbox.list().length);
    });
    outbox.enqueue({ workOrderId: ORDER, kind: 'accept' });
    await outbox.flush();
    expect(outbox.list()).toEqual([]);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ type: 'applied', status: 200, data: { id: ORDER, status: 'assigned' } });
    expect(queuedWhenReported).toEqual([1]);
  });

  it('removes a step refused with 409 and reports the error, then goes on with the next', async () => {
    const outcomes: StepOutcome[] = [];
    const sent: Sent[] = [];
    const outbox = createOutbox({ fetch: scriptedFetch([409, 200], sent), storage: memoryStorage() });
    outbox.onOutcome((outcome) => outcomes.push(outcome));
    outbox.enqueue({ workOrderId: ORDER, kind: 'arrived', body: { latitude: 31.2, longitude: 121.5 } });
    outbox.enqueue({ workOrderId: ORDER, kind: 'start' });
    await outbox.flush();
    expect(outbox.list()).toEqual([]);
    expect(outcomes.map((outcome) => outcome.type)).toEqual(['rejected', 'applied']);
    expect(outcomes[0]).toMatchObject({ type: 'rejected', status: 409, code: 'conflict', message: 'Work order is not in a state that allows this step' });
    expect(sent[0].body).toMatchObject({ latitude: 31.2, longitude: 121.5 });
  });

  it('sends in order and stops at the first step that cannot be delivered now', async () => {
    const sent: Sent[] = [];
    const outbox = createOutbox({ fetch: scriptedFetch([503], sent), storage: memoryStorage() });
    const first = outbox.enqueue({ workOrderId: ORDER, kind: 'on_the_way' });
    const second = outbox.enqueue({ workOrderId: ORDER, kind: 'arrived' });
    const outcomes = await outbox.flush();
    expect(outcomes.map((outcome) => outcome.type)).toEqual(['kept']);
    expect(sent).toHaveLength(1);
    expect(outbox.list().map((step) => step.clientStepId)).toEqual([first.clientStepId, second.clientStepId]);
  });

  it('keeps a step answered 401 (signed out) or with a stale CSRF token, to send after signing in again', async () => {
    expect(isFinalStatus(401)).toBe(false);
    expect(isFinalStatus(403, 'csrf_failed')).toBe(false);
    expect(isFinalStatus(403, 'forbidden')).toBe(true);
    expect(isFinalStatus(400)).toBe(true);
    expect(isFinalStatus(500)).toBe(false);
    const outbox = createOutbox({ fetch: scriptedFetch([401], []), storage: memoryStorage() });
    outbox.enqueue({ workOrderId: ORDER, kind: 'complete' });
    await outbox.flush();
    expect(outbox.list()).toHaveLength(1);
  });

  it('never sends the same step twice at once when flushes overlap (online event + timer + tap)', async () => {
    const sent: Sent[] = [];
    const outbox = createOutbox({ fetch: scriptedFetch([200], sent), storage: memoryStorage() });
    outbox.enqueue({ workOrderId: ORDER, kind: 'accept' });
    await Promise.all([outbox.flush(), outbox.flush(), outbox.flush()]);
    expect(sent).toHaveLength(1);
  });

  it('sends a photo as the raw image with the step id in the query', async () => {
    const sent: Sent[] = [];
    const outbox = createOutbox({ fetch: scriptedFetch([201], sent), storage: memoryStorage() });
    const step = outbox.enqueue({ workOrderId: ORDER, kind: 'photo', body: { dataUrl: 'data:image/jpeg;base64,/9j/4AAQ', caption: '铭牌' } });
    const request = stepRequest(step);
    expect(request.contentType).toBe('image/jpeg');
    expect(request.path).toBe(`/api/m/work-orders/${ORDER}/photos?clientStepId=${step.clientStepId}&caption=%E9%93%AD%E7%89%8C`);
    expect(request.body).toBeInstanceOf(Blob);
    expect((request.body as Blob).size).toBe(6);
    await outbox.flush();
    expect(sent[0].headers['Content-Type']).toBe('image/jpeg');
    expect(outbox.list()).toEqual([]);
  });

  it('tells the status an order will have once its waiting steps are applied', () => {
    const outbox = createOutbox({ fetch: scriptedFetch([], []), storage: memoryStorage() });
    outbox.enqueue({ workOrderId: ORDER, kind: 'on_the_way' });
    outbox.enqueue({ workOrderId: ORDER, kind: 'arrived' });
    outbox.enqueue({ workOrderId: ORDER, kind: 'report' });
    expect(effectiveStatus('assigned', outbox.list())).toBe('arrived');
    expect(effectiveStatus('in_progress', [])).toBe('in_progress');
  });
});
