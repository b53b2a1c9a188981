import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../db/client';
import { buildOutlet, createTestApp, signInAs, type Session, type TestApp } from '../../test/harness';
import { buildCustomer } from '../../test/archive-factories';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(100, 7)]);

describe('ticket photos and documents', () => {
  let t: TestApp;
  let agent: Session;
  let ticketId: string;
  beforeAll(async () => {
    t = await createTestApp();
    agent = (await signInAs(t.app, ['agent'])).session;
    const customer = await buildCustomer(t.app);
    ticketId = (await agent.request('POST', '/api/tickets', { type: 'repair', channel: 'hotline', customerId: customer.id, description: '带照片' })).json().ticket.id;
  });
  afterAll(() => t.close());

  const upload = (body: Buffer, contentType: string, fileName = '故障照片.png') =>
    t.app.inject({ method: 'POST', url: `/api/tickets/${ticketId}/attachments?fileName=${encodeURIComponent(fileName)}`, headers: { cookie: agent.cookie, 'x-csrf-token': agent.csrfToken, 'content-type': contentType }, payload: body });

  it('stores a real photo and serves it back with its type', async () => {
    const response = await upload(PNG, 'image/png');
    expect(response.statusCode).toBe(201);
    const attachment = response.json();
    expect(attachment).toMatchObject({ fileName: '故障照片.png', contentType: 'image/png', size: PNG.length });
    const list = (await agent.request('GET', `/api/tickets/${ticketId}/attachments`)).json();
    expect(list.items.map((item: { id: string }) => item.id)).toEqual([attachment.id]);
    const file = await agent.request('GET', `/api/tickets/${ticketId}/attachments/${attachment.id}`);
    expect(file.headers['content-type']).toBe('image/png');
    expect(file.rawPayload.equals(PNG)).toBe(true);
  });

  it('refuses a file whose bytes are not what its type claims, an unsupported type, and an oversized file; nothing stored', async () => {
    const before = (await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from ticket_attachments`))[0].n;
    const fake = await upload(Buffer.from('<script>alert(1)</script>'), 'image/jpeg', 'x.jpg');
    expect(fake.statusCode).toBe(400);
    expect(fake.json().error.details[0].path).toEqual(['file']);
    const exe = await upload(Buffer.from('MZ....'), 'application/octet-stream', 'virus.exe');
    expect(exe.statusCode).toBe(415);
    const gif = await upload(Buffer.from('GIF89a'), 'image/gif', 'x.gif');
    expect(gif.statusCode).toBe(415);
    const big = await upload(Buffer.concat([PNG, Buffer.alloc(11 * 1024 * 1024)]), 'image/png');
    expect(big.statusCode).toBe(413);
    expect((await queryRows<{ n: number }>(t.app.ctx.db, sql`select count(*)::int as n from ticket_attachments`))[0].n).toBe(before);
  });

  it('another outlet cannot read the ticket’s files', async () => {
    const outlet = await buildOutlet(t.app);
    const { session } = await signInAs(t.app, ['outlet'], { outletId: outlet.id });
    expect((await session.request('GET', `/api/tickets/${ticketId}/attachments`)).statusCode).toBe(404);
  });
});
