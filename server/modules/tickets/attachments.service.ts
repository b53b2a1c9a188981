import { and, asc, eq } from 'drizzle-orm';
import type { AppContext } from '../../platform/context';
import { AppError, invalidField, notFound } from '../../platform/errors';
import { newId, sha256 } from '../../platform/ids';
import type { Actor, Principal } from '../../platform/principal';
import { UPLOAD_MAX_BYTES, UPLOAD_TYPES } from '../../platform/storage';
import { recordAudit } from '../audit';
import * as repo from './tickets.repository';
import { ticketAttachments } from './tickets.tables';
import { ticketScope } from './tickets.service';

function present(row: typeof ticketAttachments.$inferSelect) {
  return { id: row.id, fileName: row.fileName, contentType: row.contentType, size: row.size, createdAt: row.createdAt.toISOString(), uploadedBy: row.uploadedBy };
}

/**
 * Stores a photo or document of a ticket: the declared type must be an accepted one and the
 * bytes must really be of that type; at most 10 MB. The file is written before the row, so a
 * failed write leaves no row pointing at nothing.
 */
export async function addAttachment(ctx: AppContext, principal: Principal, actor: Actor, ticketId: string, input: { fileName: string; contentType: string; content: Buffer }) {
  const type = UPLOAD_TYPES[input.contentType];
  if (!type) throw new AppError('unsupported_media_type', `Send a JPEG, PNG, WebP photo or a PDF (got ${input.contentType})`, { details: [{ path: ['file'], message: 'unsupported type' }] });
  if (input.content.length === 0) throw invalidField(['file'], 'empty');
  if (input.content.length > UPLOAD_MAX_BYTES) throw new AppError('payload_too_large', 'At most 10 MB per file', { details: [{ path: ['file'], message: 'too large' }] });
  if (!type.matches(input.content.subarray(0, 16))) throw invalidField(['file'], `the content is not a ${input.contentType} file`);
  const ticket = await repo.findTicketById(ctx.db, ticketId, { scope: ticketScope(principal) });
  if (!ticket) throw notFound('Ticket');
  const id = newId();
  const storageKey = `tickets/${ticketId}/${id}.${type.extension}`;
  await ctx.storage.put(storageKey, input.content);
  return ctx.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(ticketAttachments)
      .values({ id, ticketId, fileName: input.fileName.slice(0, 200), contentType: input.contentType, size: input.content.length, storageKey, sha256: sha256(input.content.toString('base64')), uploadedBy: actor.displayName ?? actor.name, createdAt: ctx.clock.now() })
      .returning();
    await recordAudit(tx, actor, { entity: 'ticket', entityId: ticketId, action: 'attachment_added', after: present(row) });
    return present(row);
  });
}

export async function listAttachments(ctx: AppContext, principal: Principal, ticketId: string) {
  const ticket = await repo.findTicketById(ctx.db, ticketId, { scope: ticketScope(principal) });
  if (!ticket) throw notFound('Ticket');
  const rows = await ctx.db.select().from(ticketAttachments).where(eq(ticketAttachments.ticketId, ticketId)).orderBy(asc(ticketAttachments.createdAt));
  return { items: rows.map(present) };
}

export async function readAttachment(ctx: AppContext, principal: Principal, ticketId: string, attachmentId: string) {
  const ticket = await repo.findTicketById(ctx.db, ticketId, { scope: ticketScope(principal) });
  if (!ticket) throw notFound('Ticket');
  const [row] = await ctx.db.select().from(ticketAttachments).where(and(eq(ticketAttachments.id, attachmentId), eq(ticketAttachments.ticketId, ticketId)));
  if (!row) throw notFound('Attachment');
  const content = await ctx.storage.get(row.storageKey);
  if (!content) throw notFound('Attachment file');
  return { row: present(row), content };
}
