/**
 * Preloaded into the e2e server (`NODE_OPTIONS=--import …`, set by e2e/harness.ts) when a suite
 * runs at a fixed instant: `Date` runs E2E_CLOCK_OFFSET_MS ahead of the machine's clock (a
 * negative offset: behind), so the server (its business date, jobs, sessions) lives at the same
 * moment as the pages (`shiftDateScript` in e2e/harness.ts) and the test's own dates. Time still
 * flows; only the starting point moves.
 */
const offset = Number(process.env.E2E_CLOCK_OFFSET_MS ?? 0);

if (Number.isFinite(offset) && offset !== 0) {
  const RealDate = Date;
  const now = () => RealDate.now() + offset;
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget),
    apply: () => new RealDate(now()).toString(),
    get: (target, property, receiver) => (property === 'now' ? now : Reflect.get(target, property, receiver)),
  });
}
