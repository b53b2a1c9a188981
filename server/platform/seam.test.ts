import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../db/client';
import { createTestApp, type TestApp } from '../test/harness';
import { createFakeClock } from './clock';
import { deliverDomainEvents, findDomainEventOutboxRows, writeDomainEventOutbox } from './event-outbox';
import { SYSTEM_ACTOR } from './principal';
import { createSeam, defineEvent, defineGuard, defineLookup } from './seam';

type Probe = { id: string };
const Probed = defineEvent<Probe>('test.probed');

describe('the seam between modules (events, guards, lookups)', () => {
  let t: TestApp;
  const clock = createFakeClock('2026-11-22T02:00:00Z');
  beforeAll(async () => {
    t = await createTestApp({ clock });
    await t.app.ctx.db.execute(sql`create table if not exists seam_probe (id text primary key)`);
  });
  afterAll(() => t.close());

  const probeIds = async () => (await queryRows<{ id: string }>(t.app.ctx.db, sql`select id from seam_probe order by id`)).map((row) => row.id);
  const meta = () => ({ actor: SYSTEM_ACTOR, now: clock.now() });

  it('runs an in-transaction subscriber in the cause’s transaction: its failure rolls the cause back', async () => {
    const local = createSeam();
    local.subscribe(Probed, { name: 'test.refuses' }, async (_tx, payload) => {
      if (payload.id === 'bad') throw new Error('subscriber refused');
    });
    await t.app.ctx.db.transaction(async (tx) => {
      await tx.execute(sql`insert into seam_probe (id) values ('good')`);
      await local.publishEvent(tx, Probed, { id: 'good' }, meta());
    });
    await expect(
      t.app.ctx.db.transaction(async (tx) => {
        await tx.execute(sql`insert into seam_probe (id) values ('bad')`);
        await local.publishEvent(tx, Probed, { id: 'bad' }, meta());
      }),
    ).rejects.toThrow('subscriber refused');
    expect(await probeIds()).toEqual(['good']);
  });

  it('queues an after-commit subscriber in the cause’s transaction and delivers it after the commit, retrying a failure', async () => {
    const local = createSeam();
    local.setOutboxWriter(writeDomainEventOutbox);
    const heard: string[] = [];
    let failuresLeft = 1;
    local.subscribe(Probed, { name: 'test.later', afterCommit: true }, async (tx, payload) => {
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        throw new Error('gateway down');
      }
      await tx.execute(sql`insert into seam_probe (id) values (${`heard-${payload.id}`})`);
      heard.push(payload.id);
    });
    // A cause that rolls back leaves no outbox row.
    await expect(
      t.app.ctx.db.transaction(async (tx) => {
        await local.publishEvent(tx, Probed, { id: 'rolled-back' }, meta());
        throw new Error('cause failed');
      }),
    ).rejects.toThrow('cause failed');
    await t.app.ctx.db.transaction((tx) => local.publishEvent(tx, Probed, { id: 'later' }, meta()));
    expect(heard).toEqual([]);
    const [queued] = await findDomainEventOutboxRows(t.app.ctx.db, 'test.probed');
    expect(queued).toMatchObject({ subscriber: 'test.later', status: 'pending', payload: { id: 'later' }, attempts: 0 });
    expect(await findDomainEventOutboxRows(t.app.ctx.db, 'test.probed')).toHaveLength(1);

    expect(await deliverDomainEvents(t.app.ctx.db, clock, local)).toEqual({ delivered: 0, failed: 1 });
    const [afterFailure] = await findDomainEventOutboxRows(t.app.ctx.db, 'test.probed');
    expect(afterFailure).toMatchObject({ status: 'pending', attempts: 1, lastError: 'Error: gateway down' });
    // Not due again before its backoff.
    expect(await deliverDomainEvents(t.app.ctx.db, clock, local)).toEqual({ delivered: 0, failed: 0 });
    clock.advance(60_000);
    expect(await deliverDomainEvents(t.app.ctx.db, clock, local)).toEqual({ delivered: 1, failed: 0 });
    expect(heard).toEqual(['later']);
    expect(await probeIds()).toContain('heard-later');
    const [delivered] = await findDomainEventOutboxRows(t.app.ctx.db, 'test.probed');
    expect(delivered).toMatchObject({ status: 'delivered', attempts: 2, lastError: null });
    expect(await deliverDomainEvents(t.app.ctx.db, clock, local)).toEqual({ delivered: 0, failed: 0 });
  });

  it('runs every guard check and stops at the first refusal; a lookup without an answer gives its fallback', async () => {
    const local = createSeam();
    const MayProbe = defineGuard<{ id: string }>('test.mayProbe');
    const calls: string[] = [];
    local.addGuard(MayProbe, 'first', async (_tx, input) => void calls.push(`first:${input.id}`));
    local.addGuard(MayProbe, 'second', async (_tx, input) => {
      calls.push(`second:${input.id}`);
      if (input.id === 'no') throw new Error('refused by second');
    });
    await t.app.ctx.db.transaction((tx) => local.checkGuards(tx, MayProbe, { id: 'yes' }));
    await expect(t.app.ctx.db.transaction((tx) => local.checkGuards(tx, MayProbe, { id: 'no' }))).rejects.toThrow('refused by second');
    expect(calls).toEqual(['first:yes', 'second:yes', 'first:no', 'second:no']);
    expect(() => local.addGuard(MayProbe, 'first', async () => {})).toThrow(/already has a check named first/);

    const Count = defineLookup<string[], number>('test.count', (ids) => -ids.length);
    expect(await local.lookup(t.app.ctx.db, Count, ['a', 'b'])).toBe(-2);
    local.provide(Count, async (_executor, ids) => ids.length);
    expect(await local.lookup(t.app.ctx.db, Count, ['a', 'b'])).toBe(2);
  });
});
