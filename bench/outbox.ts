/**
 * `npm run bench:outbox`: queues 100,000 customer SMS (non-urgent, so the quiet-hours and
 * daily-cap checks run) on a fresh PostgreSQL database (TEST_DATABASE_URL or DATABASE_URL)
 * and sends them with 2 sender processes — two apps with their own connection pools, 8
 * workers each — through the Alibaba adapter to the local fake gateway, which checks every
 * signature. Then counts what the gateway got: a message sent twice is a duplicate, one
 * never sent (or not marked sent) is lost. Options: --messages N (100000), --workers N (8).
 * Last line: {"name":"outbox","messages","per_s","duplicates":0,"lost":0}
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { buildApp } from '../server/app';
import { migrateDatabase, openPostgres, queryRows } from '../server/db/client';
import { readEnv } from '../server/env';
import { deliverDueMessages, createSenderFromEnv } from '../server/modules/notifications';
import { startFakeGateway } from '../server/modules/notifications/fake-gateway';
import { createMemoryStorage } from '../server/platform/storage';
import { option } from './lib/bench-server';

const messageCount = Number(option('messages') ?? 100_000);
const workers = Number(option('workers') ?? 8);
const serverUrl = process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL;
if (!serverUrl) throw new Error('bench:outbox runs on PostgreSQL: set TEST_DATABASE_URL or DATABASE_URL');

const name = `as_bench_outbox_${process.pid}`;
async function admin(text: string) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(text);
  await client.end();
}
await admin(`DROP DATABASE IF EXISTS ${name}`);
await admin(`CREATE DATABASE ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;

const fake = await startFakeGateway();
// Quiet hours off: the bench must not depend on the hour it runs at; the cap is above one per phone.
const env = readEnv({ NODE_ENV: 'production', LOG_LEVEL: 'warn', ...fake.envFor('aliyun'), NOTIFY_QUIET_HOURS: '00:00-00:00', NOTIFY_DAILY_SMS_CAP: '5' });
const databases = [await openPostgres(url.toString(), { max: workers + 2 }), await openPostgres(url.toString(), { max: workers + 2 })];
try {
  await migrateDatabase(databases[0]);
  const apps = await Promise.all(databases.map((database) => buildApp({ database, env, logger: false, webDistDir: null, storage: createMemoryStorage() })));
  const db = databases[0].db;
  await db.execute(sql.raw(`
    insert into outbox_messages (id, channel, recipient, template, params, body, status, attempts, next_attempt_at, created_at, is_urgent, provider_template_code)
    select gen_random_uuid(), 'sms', '139' || lpad(g::text, 8, '0'), 'ticket_received',
           jsonb_build_object('number', 'SH20261122-' || g, 'promised', '11月23日 10:00'),
           '【售后服务】您的服务申请已受理，单号 SH20261122-' || g || '，我们将在 11月23日 10:00 前与您联系。',
           'pending', 0, now() - interval '1 minute' + (g * interval '1 millisecond'), now(), false, 'SMS_100001'
    from generate_series(1, ${messageCount}) g`));
  await db.execute(sql.raw('vacuum analyze outbox_messages'));
  console.log(`queued ${messageCount} messages; sending with 2 processes × ${workers} workers`);

  const started = performance.now();
  const results = await Promise.all(apps.map((app) => deliverDueMessages(app.ctx, createSenderFromEnv(env, () => {}), messageCount, workers)));
  const seconds = (performance.now() - started) / 1000;
  results.forEach((result, index) => console.log(`process ${index + 1}: sent ${result.sent}, failed ${result.failed}`));

  const outIds = fake.sent.map((entry) => entry.outId);
  const distinct = new Set(outIds);
  const [{ sent }] = await queryRows<{ sent: number }>(db, sql`select count(*)::int as sent from outbox_messages where status = 'sent' and provider_message_id is not null`);
  const duplicates = outIds.length - distinct.size;
  const lost = messageCount - Math.min(distinct.size, sent);
  if (fake.rejected.length) console.log(`gateway rejected ${fake.rejected.length} requests (${fake.rejected[0].reason})`);
  console.log(`${distinct.size} distinct messages at the gateway, ${sent} marked sent, in ${seconds.toFixed(1)} s`);
  await Promise.all(apps.map((app) => app.close()));
  console.log(JSON.stringify({ name: 'outbox', messages: messageCount, per_s: Math.round(messageCount / seconds), duplicates, lost }));
} finally {
  await Promise.all(databases.map((database) => database.close()));
  await fake.close();
  await admin(`DROP DATABASE IF EXISTS ${name}`);
}
