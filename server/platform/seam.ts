/**
 * The one seam between modules (docs/ARCHITECTURE.md, "How modules talk").
 *
 * Calls go downward through a module's `index.ts`. Upward, a module never calls: it
 * - publishes typed **domain events** inside the transaction of their cause
 *   (`publishEvent(tx, WorkOrderCompleted, payload, meta)`),
 * - asks typed **guards** whether a move may happen (`checkGuards(tx, TicketMoveGuard, input)`:
 *   every registered check runs; one that refuses throws an `AppError`),
 * - asks a typed **lookup** for data a higher module owns (`lookup(executor, AssetCounts, ids)`:
 *   exactly one answer, or the lookup's fallback when no module answers).
 *
 * The module that owns the cause defines the event, guard or lookup (`defineEvent`,
 * `defineGuard`, `defineLookup`) and exports it from its index. Subscribers, guard checks and
 * lookup answers are registered in one place at start-up — `server/wiring.ts` — never as an
 * import side effect.
 *
 * A subscriber runs in the cause's transaction (its failure rolls the cause back) unless it is
 * declared `afterCommit`: then the publish writes one row per such subscriber into the
 * `domain_event_outbox` table in the same transaction, and the outbox job delivers it after
 * the commit, each delivery in its own transaction, retried with backoff. After-commit
 * payloads are stored as JSON: keep every payload plain (ids, strings, numbers, ISO times).
 */
import type { Executor } from '../db/client';
import type { Actor } from './principal';

/** Who caused an event and when (the cause's transaction time). */
export type EventMeta = { actor: Actor; now: Date };

export type DomainEvent<P> = { readonly kind: 'event'; readonly name: string; readonly payloadType?: P };
export type Guard<I> = { readonly kind: 'guard'; readonly name: string; readonly inputType?: I };
export type Lookup<I, O> = { readonly kind: 'lookup'; readonly name: string; readonly fallback: (input: I) => O };

export type Subscriber<P> = (tx: Executor, payload: P, meta: EventMeta) => Promise<void>;
export type GuardCheck<I> = (tx: Executor, input: I) => Promise<void>;
export type LookupAnswer<I, O> = (executor: Executor, input: I) => Promise<O>;

export type SubscribeOptions = {
  /** A stable name (module.purpose): it names the outbox rows and the logs. */
  name: string;
  /** Run after the cause commits, through the outbox (default: inside the cause's transaction). */
  afterCommit?: boolean;
};

/** A named domain event with its payload type, e.g. `defineEvent<{ workOrderId: string }>('workOrder.completed')`. */
export function defineEvent<P>(name: string): DomainEvent<P> {
  return { kind: 'event', name };
}

/** A named guard with its input type; checks throw an `AppError` to refuse. */
export function defineGuard<I>(name: string): Guard<I> {
  return { kind: 'guard', name };
}

/** A named lookup with its input and output types and the answer when no module provides one. */
export function defineLookup<I, O>(name: string, fallback: (input: I) => O): Lookup<I, O> {
  return { kind: 'lookup', name, fallback };
}

type Registered = { name: string; afterCommit: boolean; handler: Subscriber<unknown> };

/** Writes the outbox rows of after-commit subscribers (set by the outbox module at start-up). */
export type OutboxWriter = (tx: Executor, rows: { subscriber: string; event: string; payload: unknown; meta: EventMeta }[]) => Promise<void>;

export type Seam = {
  subscribe<P>(event: DomainEvent<P>, options: SubscribeOptions, handler: Subscriber<P>): () => void;
  addGuard<I>(guard: Guard<I>, name: string, check: GuardCheck<I>): () => void;
  provide<I, O>(lookup: Lookup<I, O>, answer: LookupAnswer<I, O>): () => void;
  publishEvent<P>(tx: Executor, event: DomainEvent<P>, payload: P, meta: EventMeta): Promise<void>;
  checkGuards<I>(tx: Executor, guard: Guard<I>, input: I): Promise<void>;
  lookup<I, O>(executor: Executor, lookup: Lookup<I, O>, input: I): Promise<O>;
  /** The after-commit subscriber of that event with that name (the outbox job runs it). */
  findAfterCommitSubscriber(event: string, name: string): Subscriber<unknown> | undefined;
  setOutboxWriter(writer: OutboxWriter): void;
  /** What is registered, for docs and tests: event → subscriber names, guard → check names, lookups. */
  describe(): { events: Record<string, string[]>; guards: Record<string, string[]>; lookups: string[] };
};

/** A fresh, empty seam (tests of the mechanism make their own; the app uses `seam`). */
export function createSeam(): Seam {
  const subscribers = new Map<string, Registered[]>();
  const guards = new Map<string, { name: string; check: GuardCheck<unknown> }[]>();
  const answers = new Map<string, LookupAnswer<unknown, unknown>>();
  let outboxWriter: OutboxWriter | null = null;

  return {
    subscribe(event, options, handler) {
      const list = subscribers.get(event.name) ?? [];
      if (list.some((item) => item.name === options.name)) throw new Error(`${event.name} already has a subscriber named ${options.name}`);
      const entry: Registered = { name: options.name, afterCommit: options.afterCommit ?? false, handler: handler as Subscriber<unknown> };
      subscribers.set(event.name, [...list, entry]);
      return () => subscribers.set(event.name, (subscribers.get(event.name) ?? []).filter((item) => item !== entry));
    },
    addGuard(guard, name, check) {
      const list = guards.get(guard.name) ?? [];
      if (list.some((item) => item.name === name)) throw new Error(`${guard.name} already has a check named ${name}`);
      const entry = { name, check: check as GuardCheck<unknown> };
      guards.set(guard.name, [...list, entry]);
      return () => guards.set(guard.name, (guards.get(guard.name) ?? []).filter((item) => item !== entry));
    },
    provide(lookup, answer) {
      if (answers.has(lookup.name)) throw new Error(`${lookup.name} is answered already`);
      answers.set(lookup.name, answer as LookupAnswer<unknown, unknown>);
      return () => answers.delete(lookup.name);
    },
    async publishEvent(tx, event, payload, meta) {
      const list = subscribers.get(event.name) ?? [];
      // One after another: this runs inside a transaction (one connection, no parallel queries).
      for (const subscriber of list) if (!subscriber.afterCommit) await subscriber.handler(tx, payload, meta);
      const later = list.filter((subscriber) => subscriber.afterCommit);
      if (!later.length) return;
      if (!outboxWriter) throw new Error(`${event.name} has after-commit subscribers but no outbox is wired`);
      await outboxWriter(tx, later.map((subscriber) => ({ subscriber: subscriber.name, event: event.name, payload, meta })));
    },
    async checkGuards(tx, guard, input) {
      for (const entry of guards.get(guard.name) ?? []) await entry.check(tx, input);
    },
    async lookup<I, O>(executor: Executor, lookup: Lookup<I, O>, input: I): Promise<O> {
      const answer = answers.get(lookup.name) as LookupAnswer<I, O> | undefined;
      return answer ? answer(executor, input) : lookup.fallback(input);
    },
    findAfterCommitSubscriber(event, name) {
      return subscribers.get(event)?.find((item) => item.afterCommit && item.name === name)?.handler;
    },
    setOutboxWriter(writer) {
      outboxWriter = writer;
    },
    describe() {
      return {
        events: Object.fromEntries([...subscribers].map(([name, list]) => [name, list.map((item) => `${item.name}${item.afterCommit ? ' (after commit)' : ''}`)])),
        guards: Object.fromEntries([...guards].map(([name, list]) => [name, list.map((item) => item.name)])),
        lookups: [...answers.keys()],
      };
    },
  };
}

/**
 * The process's seam. Wiring is the same code for every app a process builds (tests build
 * many), so `server/wiring.ts` registers it once per process.
 */
export const seam: Seam = createSeam();

export const publishEvent: Seam['publishEvent'] = (tx, event, payload, meta) => seam.publishEvent(tx, event, payload, meta);
export const checkGuards: Seam['checkGuards'] = (tx, guard, input) => seam.checkGuards(tx, guard, input);
export const lookup: Seam['lookup'] = (executor, which, input) => seam.lookup(executor, which, input);

// ---- Events typed here because their publisher's module is being built elsewhere ----

/**
 * A follow-up call (回访) reached the customer and recorded its outcome: the four ratings (1–5),
 * the dissatisfaction categories, the comment, and whether the agent recorded a praise (表扬).
 * To be published by the followups module in the outcome's transaction (`recordOutcome`, after
 * the outcome row is stored): `publishEvent(tx, FollowupOutcomeRecorded, { taskId, workOrderId,
 * round, overall, attitude, skill, timeliness, categories, comment, isPraise }, { actor, now })`.
 * Quality hears it in server/wiring.ts (praise → a reward proposal, docs/QUALITY.md). Typed here,
 * not in a `followups.events.ts`, only because that module is being changed by someone else;
 * it may move there (and be exported from followups' index) without changing a subscriber.
 */
export type FollowupOutcomePayload = {
  taskId: string;
  workOrderId: string;
  round: number;
  overall: number;
  attitude: number;
  skill: number;
  timeliness: number;
  categories: string[];
  comment: string | null;
  /** The agent recorded a praise of the technician (表扬) whatever the ratings. */
  isPraise?: boolean;
};
export const FollowupOutcomeRecorded = defineEvent<FollowupOutcomePayload>('followup.outcomeRecorded');
