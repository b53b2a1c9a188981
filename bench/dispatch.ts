/**
 * `npm run bench:dispatch`: automatic dispatch of 2,000 waiting work orders over 40 outlets and
 * 300 technicians (skills on two categories × repair/installation, 上岗证 — some expired —,
 * working hours, 8 orders a day at most), one run of the real `autoDispatch` (rules, explanations,
 * row locks, timeline, audit, ticket follow-up and access grants), on PostgreSQL by default.
 * Options: --db postgres|pglite (postgres when TEST_DATABASE_URL or DATABASE_URL is set),
 * --orders N (2000), --outlets N (40), --technicians N (300).
 * Last line: {"name":"dispatch","orders","seconds","assigned","unassigned", ...}
 */
import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import { customers, outlets, technicianCertifications, technicians, tickets, users, workOrders, productCategories } from '../server/db/schema';
import { autoDispatch } from '../server/modules/dispatch';
import { SYSTEM_ACTOR } from '../server/platform/principal';
import { option, startBenchServer } from './lib/bench-server';

const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
const kind = (option('db') ?? (serverUrl ? 'postgres' : 'pglite')) as 'postgres' | 'pglite';
const ORDERS = Number(option('orders') ?? 2000);
const OUTLETS = Number(option('outlets') ?? 40);
const TECHNICIANS = Number(option('technicians') ?? 300);

/** A deterministic pseudo-random sequence, so every run dispatches the same data. */
let seed = 20261122;
function random(): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return seed / 2 ** 31;
}
const id = () => crypto.randomUUID();

// Shanghai's 16 districts (division codes) on a rough grid around the centre.
const DISTRICTS = ['310101', '310104', '310105', '310106', '310107', '310109', '310110', '310112', '310113', '310114', '310115', '310116', '310117', '310118', '310120', '310151'];
const CENTRE = { latitude: 31.23, longitude: 121.47 };

async function chunked<T>(rows: T[], insert: (part: T[]) => Promise<unknown>) {
  for (let index = 0; index < rows.length; index += 500) await insert(rows.slice(index, index + 500));
}

const server = await startBenchServer(kind, serverUrl);
try {
  const db = server.database.db;
  const now = new Date();
  const day = new Date(now.getTime() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10); // tomorrow in Shanghai
  const at = (hour: number) => new Date(Date.parse(`${day}T00:00:00Z`) - 8 * 3_600_000 + hour * 3_600_000);
  const categoryIds = [id(), id()];
  await db.insert(productCategories).values(categoryIds.map((categoryId, index) => ({ id: categoryId, code: `BENCH-C${index}`, name: index ? '热水器' : '空调', createdAt: now, updatedAt: now })));

  const outletRows = Array.from({ length: OUTLETS }, (_, index) => {
    const district = DISTRICTS[index % DISTRICTS.length];
    return {
      id: id(),
      code: `BO-${index}`,
      name: `网点${index}`,
      kind: index % 3 ? ('partner' as const) : ('own' as const),
      districtCode: district,
      latitude: CENTRE.latitude + (random() - 0.5) * 0.4,
      longitude: CENTRE.longitude + (random() - 0.5) * 0.4,
      serviceDistricts: [district, DISTRICTS[(index + 5) % DISTRICTS.length]],
      serviceRadiusKm: 12,
      dailyCapacity: { repair: 60, installation: 40 },
    };
  });
  await db.insert(outlets).values(outletRows);

  const userRows = Array.from({ length: TECHNICIANS }, (_, index) => ({ id: id(), username: `bench_tech_${index}`, displayName: `技师${index}`, passwordHash: 'x', roles: ['technician'], outletId: outletRows[index % OUTLETS].id, createdAt: now, updatedAt: now }));
  await chunked(userRows, (part) => db.insert(users).values(part as never));
  const technicianRows = userRows.map((user, index) => {
    const outlet = outletRows[index % OUTLETS];
    return {
      id: id(),
      userId: user.id,
      outletId: outlet.id,
      name: user.displayName,
      grade: (['junior', 'intermediate', 'senior', 'master'] as const)[index % 4],
      skills: [
        { categoryId: categoryIds[index % 2], workType: 'repair' as const },
        ...(index % 3 ? [{ categoryId: null, workType: 'installation' as const }] : []),
      ],
      workingDays: [1, 2, 3, 4, 5, 6, 7],
      baseLatitude: outlet.latitude! + (random() - 0.5) * 0.05,
      baseLongitude: outlet.longitude! + (random() - 0.5) * 0.05,
      maxOrdersPerDay: 8,
      createdAt: now,
      updatedAt: now,
    };
  });
  await chunked(technicianRows, (part) => db.insert(technicians).values(part));
  await chunked(
    technicianRows.map((technician, index) => ({ id: id(), technicianId: technician.id, kind: 'work_permit', expiresOn: index % 25 === 0 ? '2026-01-01' : '2030-12-31', createdAt: now })),
    (part) => db.insert(technicianCertifications).values(part),
  );

  const customerRows = Array.from({ length: ORDERS }, (_, index) => ({ id: id(), code: `BC${index}`, kind: 'person' as const, name: `客户${index}`, createdAt: now, updatedAt: now }));
  await chunked(customerRows, (part) => db.insert(customers).values(part));
  const ticketRows = customerRows.map((customer, index) => ({
    id: id(),
    number: `SHBENCH-${index}`,
    type: index % 3 ? 'repair' : 'installation',
    channel: 'hotline',
    status: 'assessed' as const,
    urgency: 'normal',
    customerId: customer.id,
    description: '基准',
    promisedFeedbackAt: now,
    createdAt: now,
    updatedAt: now,
  }));
  await chunked(ticketRows, (part) => db.insert(tickets).values(part));
  const orderRows = ticketRows.map((ticket, index) => {
    const startHour = 8 + Math.floor(random() * 8);
    const outlet = outletRows[Math.floor(random() * OUTLETS)];
    return {
      id: id(),
      number: `${ticket.number}-1`,
      ticketId: ticket.id,
      customerId: ticket.customerId,
      categoryId: categoryIds[index % 2],
      type: ticket.type,
      status: 'waiting' as const,
      priority: index % 50 === 0 ? 'urgent' : index % 7 === 0 ? 'high' : 'normal',
      requiredGrade: (['junior', 'junior', 'intermediate', 'senior'] as const)[index % 4],
      estimatedMinutes: 45 + (index % 4) * 15,
      windowStart: at(startHour),
      windowEnd: at(startHour + 2 + (index % 3)),
      serviceDate: day,
      address: `上海市 测试路 ${index} 号`,
      districtCode: outlet.districtCode,
      latitude: outlet.latitude! + (random() - 0.5) * 0.12,
      longitude: outlet.longitude! + (random() - 0.5) * 0.12,
      createdAt: now,
      updatedAt: now,
    };
  });
  await chunked(orderRows, (part) => db.insert(workOrders).values(part));
  await db.execute(sql`analyze`);

  const started = performance.now();
  const result = await autoDispatch(server.app.ctx, SYSTEM_ACTOR);
  const seconds = (performance.now() - started) / 1000;
  const overbooked = (await db.execute(sql`select count(*)::int as n from (select technician_id from work_orders where technician_id is not null group by technician_id having count(*) > 8) x`)) as unknown as { rows?: { n: number }[] } | { n: number }[];
  const overbookedCount = Array.isArray(overbooked) ? overbooked[0].n : overbooked.rows![0].n;
  console.log(`dispatched ${ORDERS} orders over ${OUTLETS} outlets and ${TECHNICIANS} technicians on ${kind} in ${seconds.toFixed(2)} s: ${result.assigned} to a technician, ${result.outletOnly} to an outlet only, ${result.unassigned} left waiting; technicians over their daily limit: ${overbookedCount}`);
  console.log(JSON.stringify({ name: 'dispatch', db: kind, orders: ORDERS, seconds: Math.round(seconds * 100) / 100, assigned: result.assigned + result.outletOnly, unassigned: result.unassigned, with_technician: result.assigned, outlet_only: result.outletOnly, overbooked_technicians: overbookedCount }));
} finally {
  await server.stop();
}
