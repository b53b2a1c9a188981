/**
 * The technician's field work (上门服务) on the phone: the day's orders, accept or decline, on
 * the way (SMS to the customer), arrived, start, the work report, the customer's signature,
 * photos, complete or not completed (带回维修 writes the workshop log); the images and the
 * service receipt (服务回执单) for readers of the order.
 *
 * Every step carries the phone's `clientStepId`. A step is applied in one transaction that
 * first locks the order row; when an event with that step id already exists, the step was
 * applied before (a dropped connection retried) and the current detail is answered unchanged.
 * The unique (work_order_id, client_step_id) index backs this up: a violation is retried once
 * and then finds the event.
 */
import { isMobile } from '../../../contracts/phones';
import type { z } from 'zod';
import {
  SIGNATURE_MAX_BYTES,
  type WorkOrderResult,
  type WorkOrderStatus,
  type ZArrivedBody,
  type ZDeclineBody,
  type ZNotCompletedBody,
  type ZPartUsed,
  type ZWorkReportBody,
} from '../../../contracts/dispatch';
import type { ErrorDetail } from '../../../contracts/errors';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, forbidden, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal, UserPrincipal } from '../../platform/principal';
import { UPLOAD_MAX_BYTES, UPLOAD_TYPES } from '../../platform/storage';
import { shanghaiDate, shanghaiClock } from '../../platform/time';
import { faultName, getAsset } from '../assets';
import { enqueueMessage } from '../notifications';
import { findTicketForWork } from '../tickets';
import { checkGuards, lookup } from '../../platform/seam';
import * as fieldRepo from './field.repository';
import { WorkOrderCompletionGuard, WorkOrderPartPrices } from './workorders.events';
import type { TReceipt } from '../../../contracts/receipt';
import { dispatchSettings, findScopedWorkOrder, loadNames, moveWorkOrder, presentWorkOrder, presentWorkOrderDetail, recordWorkOrderEvent, type WorkOrderRow } from './workorders.core';
import * as repo from './workorders.repository';
import { listWorkshopOfOrder, takeIntoWorkshop } from './workshop.service';

export type WorkOrderDetail = Awaited<ReturnType<typeof presentWorkOrderDetail>>;
/** A step's answer: the order as it is now, and whether this call applied the step (false: a retry). */
export type StepOutcome = { detail: WorkOrderDetail; isApplied: boolean };

/** Image types a photo may have (no PDFs on a work order). */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

function isUniqueViolation(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth += 1) {
    if ((current as { code?: unknown }).code === '23505') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

type StepRun = { tx: Executor; row: WorkOrderRow; now: Date };

/**
 * Applies one phone step exactly once. `kind` is the timeline kind the step writes; a step id
 * already used by another kind of step is a 409 naming `clientStepId`.
 */
async function runStep(ctx: AppContext, principal: UserPrincipal, workOrderId: string, clientStepId: string, kind: string, apply: (run: StepRun) => Promise<WorkOrderRow>): Promise<StepOutcome> {
  const attempt = () =>
    ctx.db.transaction(async (tx) => {
      const now = ctx.clock.now();
      // Lock first: a concurrent identical step waits here and then sees the committed event.
      const locked = await repo.findWorkOrderById(tx, workOrderId, { forUpdate: true });
      if (!locked) throw notFound('Work order');
      const previous = await repo.findStepEvent(tx, workOrderId, clientStepId);
      if (previous) {
        // The technician who did the step may see its answer even when it took the order out of their scope (decline).
        if (previous.actorId !== principal.userId) await findScopedWorkOrder(tx, principal, workOrderId);
        if (previous.kind !== kind) {
          throw new AppError('conflict', `This step id was already used for another step (${previous.kind})`, { details: [{ path: ['clientStepId'], message: `already used for ${previous.kind}`, code: 'step_id_reused' }] });
        }
        return { detail: await presentWorkOrderDetail(tx, locked, principal, now), isApplied: false };
      }
      const row = await findScopedWorkOrder(tx, principal, workOrderId);
      if (row.assignedUserId !== principal.userId) throw forbidden('Only the technician of this order does its steps');
      const after = await apply({ tx, row, now });
      return { detail: await presentWorkOrderDetail(tx, after, principal, now), isApplied: true };
    });
  try {
    return await attempt();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    return attempt();
  }
}

/** A step that is not a status move but needs the order in one of some states (409 naming `status`). */
function requireStatus(row: WorkOrderRow, allowed: readonly WorkOrderStatus[], step: string) {
  if (allowed.includes(row.status)) return;
  throw new AppError('conflict', `${step} is possible only when the order is ${allowed.join(' or ')} (it is ${row.status})`, {
    details: [{ path: ['status'], message: `${step} needs ${allowed.join(' or ')}; the order is ${row.status}`, code: 'invalid_state' }],
  });
}

// ---- Reads ----

/** The principal's own orders of a service date (default today in Asia/Shanghai), not cancelled, in route order. */
export async function listMyWorkOrders(ctx: AppContext, principal: UserPrincipal, date?: string) {
  const now = ctx.clock.now();
  const rows = await fieldRepo.findOrdersOfAssigneeOnDate(ctx.db, principal.userId, date ?? shanghaiDate(now));
  const [names, settings] = await Promise.all([loadNames(ctx.db, rows), dispatchSettings.read(ctx.db)]);
  return { items: rows.map((row) => presentWorkOrder(row, names, principal, now, settings.feedbackMinutes)) };
}

export async function getWorkOrderForField(ctx: AppContext, principal: Principal, id: string) {
  const row = await findScopedWorkOrder(ctx.db, principal, id);
  return presentWorkOrderDetail(ctx.db, row, principal, ctx.clock.now());
}

// ---- Steps ----

/** dispatched → assigned: the proposed technician takes the order. */
export async function acceptWorkOrder(ctx: AppContext, principal: UserPrincipal, actor: Actor, id: string, input: { clientStepId: string }) {
  return runStep(ctx, principal, id, input.clientStepId, 'accepted', ({ tx, row, now }) => moveWorkOrder(tx, actor, row, 'assigned', now, { kind: 'accepted', clientStepId: input.clientStepId, auditAction: 'accepted' }));
}

/** dispatched → waiting: the proposed technician declines with a reason; the order leaves the outlet and the technician. */
export async function declineWorkOrder(ctx: AppContext, principal: UserPrincipal, actor: Actor, id: string, input: z.infer<typeof ZDeclineBody>) {
  return runStep(ctx, principal, id, input.clientStepId, 'declined', async ({ tx, row, now }) => {
    if (row.status !== 'dispatched') {
      throw new AppError('conflict', `Only an order not yet accepted can be declined (it is ${row.status})`, { details: [{ path: ['to'], message: `decline needs dispatched; the order is ${row.status}`, code: 'invalid_transition' }] });
    }
    return moveWorkOrder(tx, actor, row, 'waiting', now, {
      patch: { technicianId: null, assignedUserId: null, outletId: null, plannedStart: null, declineReason: input.reason },
      kind: 'declined',
      text: input.reason,
      clientStepId: input.clientStepId,
      auditAction: 'declined',
    });
  });
}

/** assigned → on_the_way; the customer gets an SMS (outbox) when the contact phone is a mobile. */
export async function setOnTheWay(ctx: AppContext, principal: UserPrincipal, actor: Actor, id: string, input: { clientStepId: string }) {
  return runStep(ctx, principal, id, input.clientStepId, 'on_the_way', async ({ tx, row, now }) => {
    const after = await moveWorkOrder(tx, actor, row, 'on_the_way', now, { kind: 'on_the_way', clientStepId: input.clientStepId, auditAction: 'on_the_way' });
    if (after.contactPhone && isMobile(after.contactPhone)) {
      const names = await loadNames(tx, [after]);
      const window = `${shanghaiDate(after.windowStart).slice(5).replace('-', '月')}日 ${shanghaiClock(after.windowStart)}-${shanghaiClock(after.windowEnd)}`;
      await enqueueMessage(tx, now, {
        template: 'technician_on_the_way',
        recipient: after.contactPhone,
        params: { number: names.tickets.get(after.ticketId) ?? after.number, technician: (after.technicianId && names.technicians.get(after.technicianId)) || actor.displayName || '', window },
      });
    }
    return after;
  });
}

/** on_the_way → arrived, with the phone's location when it allows (both coordinates or none). */
export async function setArrived(ctx: AppContext, principal: UserPrincipal, actor: Actor, id: string, input: z.infer<typeof ZArrivedBody>) {
  const latitude = input.latitude ?? null;
  const longitude = input.longitude ?? null;
  if ((latitude === null) !== (longitude === null)) throw invalidField([latitude === null ? 'latitude' : 'longitude'], 'send both coordinates or none');
  return runStep(ctx, principal, id, input.clientStepId, 'arrived', ({ tx, row, now }) =>
    moveWorkOrder(tx, actor, row, 'arrived', now, { patch: { arrivedLatitude: latitude, arrivedLongitude: longitude }, kind: 'arrived', data: latitude === null ? null : { latitude, longitude }, clientStepId: input.clientStepId, auditAction: 'arrived' }),
  );
}

/** arrived → in_progress. */
export async function startWork(ctx: AppContext, principal: UserPrincipal, actor: Actor, id: string, input: { clientStepId: string }) {
  return runStep(ctx, principal, id, input.clientStepId, 'started', ({ tx, row, now }) => moveWorkOrder(tx, actor, row, 'in_progress', now, { kind: 'started', clientStepId: input.clientStepId, auditAction: 'started' }));
}

type PartUsed = z.infer<typeof ZPartUsed>;

function partsTotalFen(parts: readonly PartUsed[]): number {
  return parts.reduce((sum, part) => sum + part.quantity * (part.unitPriceFen ?? 0), 0);
}

/**
 * Catalogue lines of the report (those with `partId`) take the catalogue's number, name and
 * sale price — 0 when the visit is free under warranty (the ticket's assessment), then the line
 * is marked `isWarranty` for the maker claim. Free-text lines keep what was typed.
 */
async function priceCatalogueParts(tx: Executor, row: WorkOrderRow, lines: PartUsed[]): Promise<PartUsed[]> {
  const ids = lines.flatMap((line) => (line.partId ? [line.partId] : []));
  if (!ids.length) return lines.map(({ isWarranty: _ignored, ...line }) => line);
  const prices = await lookup(tx, WorkOrderPartPrices, ids);
  const ticket = await findTicketForWork(tx, row.ticketId);
  const isWarranty = Boolean((ticket?.assessment as { isFree?: boolean } | null)?.isFree);
  return lines.map(({ isWarranty: _ignored, ...line }, index) => {
    if (!line.partId) return line;
    const part = prices.get(line.partId);
    if (!part) throw invalidField(['partsUsed', index, 'partId'], 'no such part in the catalogue');
    return { ...line, partCode: part.partNumber, name: part.name, unitPriceFen: isWarranty ? 0 : part.salePriceFen, isWarranty };
  });
}

/**
 * The work report (in progress only): merged into the order's result (fields not sent keep
 * their value). The expected fee is computed: labour fee + Σ quantity × unit price; a fee
 * collected that differs from it needs `feeReason` (400 naming it).
 */
export async function saveWorkReport(ctx: AppContext, principal: UserPrincipal, actor: Actor, id: string, input: z.infer<typeof ZWorkReportBody>) {
  return runStep(ctx, principal, id, input.clientStepId, 'report_saved', async ({ tx, row, now }) => {
    requireStatus(row, ['in_progress'], 'The work report');
    const { clientStepId, ...fields } = input;
    const merged: WorkOrderResult = { ...(row.result ?? {}) };
    for (const [key, value] of Object.entries(fields) as [keyof WorkOrderResult, unknown][]) {
      if (value === undefined) continue;
      (merged as Record<string, unknown>)[key] = value === '' ? null : value;
    }
    if (fields.partsUsed) merged.partsUsed = await priceCatalogueParts(tx, row, fields.partsUsed);
    merged.feeExpectedFen = (merged.labourFeeFen ?? 0) + partsTotalFen(merged.partsUsed ?? []);
    if (merged.feeCollectedFen !== null && merged.feeCollectedFen !== undefined && merged.feeCollectedFen !== merged.feeExpectedFen && !merged.feeReason) {
      throw invalidField(['feeReason'], `say why the fee collected (${merged.feeCollectedFen} fen) differs from the expected fee (${merged.feeExpectedFen} fen)`);
    }
    return recordWorkOrderEvent(tx, actor, row, now, {
      kind: 'report_saved',
      clientStepId,
      patch: { result: merged },
      data: { feeExpectedFen: merged.feeExpectedFen, feeCollectedFen: merged.feeCollectedFen ?? null },
    });
  });
}

const SIGNATURE_TYPES = { 'image/png': 'png', 'image/jpeg': 'jpg' } as const;

/** Decodes and checks a signature data URL: PNG or JPEG bytes of the declared type, at most SIGNATURE_MAX_BYTES. */
export function decodeSignature(dataUrl: string): { contentType: keyof typeof SIGNATURE_TYPES; content: Buffer } {
  const match = /^data:(image\/(?:png|jpeg));base64,([A-Za-z0-9+/=]+)$/.exec(dataUrl);
  if (!match) throw invalidField(['dataUrl'], 'a PNG or JPEG data URL');
  const contentType = match[1] as keyof typeof SIGNATURE_TYPES;
  const content = Buffer.from(match[2], 'base64');
  if (content.length === 0) throw invalidField(['dataUrl'], 'the image is empty');
  if (content.length > SIGNATURE_MAX_BYTES) {
    throw new AppError('payload_too_large', `The signature image is too large (at most ${SIGNATURE_MAX_BYTES / 1024} KiB)`, { details: [{ path: ['dataUrl'], message: `${content.length} bytes, at most ${SIGNATURE_MAX_BYTES}` }] });
  }
  if (!UPLOAD_TYPES[contentType].matches(content.subarray(0, 16))) {
    throw new AppError('unsupported_media_type', `The signature is not a ${contentType} image`, { details: [{ path: ['dataUrl'], message: `the content is not a ${contentType} image` }] });
  }
  return { contentType, content };
}

/**
 * Before storing a file for a step: answers whether the step was already applied (then nothing
 * is stored) and checks the order is readable (404) and in one of the states.
 */
async function checkBeforeUpload(ctx: AppContext, principal: UserPrincipal, id: string, clientStepId: string, allowed: readonly WorkOrderStatus[], step: string): Promise<boolean> {
  if (await repo.findStepEvent(ctx.db, id, clientStepId)) return true;
  const row = await findScopedWorkOrder(ctx.db, principal, id);
  if (row.assignedUserId !== principal.userId) throw forbidden('Only the technician of this order does its steps');
  requireStatus(row, allowed, step);
  return false;
}

/** The customer's signature drawn on screen (in progress only); a new one replaces the previous. */
export async function saveSignature(ctx: AppContext, principal: UserPrincipal, actor: Actor, id: string, input: { clientStepId: string; dataUrl: string }) {
  const { contentType, content } = decodeSignature(input.dataUrl);
  const isRetry = await checkBeforeUpload(ctx, principal, id, input.clientStepId, ['in_progress'], 'Signing');
  // The file is written before the row, so a failed write leaves no row pointing at nothing.
  const storageKey = `work-orders/${id}/signature-${newId()}.${SIGNATURE_TYPES[contentType]}`;
  if (!isRetry) await ctx.storage.put(storageKey, content);
  return runStep(ctx, principal, id, input.clientStepId, 'signed', async ({ tx, row, now }) => {
    requireStatus(row, ['in_progress'], 'Signing');
    return recordWorkOrderEvent(tx, actor, row, now, { kind: 'signed', clientStepId: input.clientStepId, patch: { signatureKey: storageKey, signedAt: now }, data: { sizeBytes: content.length, contentType } });
  });
}

/**
 * A photo taken on site (arrived or in progress): raw image body, the declared type must be
 * JPEG, PNG or WebP and the bytes must be of that type; at most 10 MB.
 */
export async function addPhoto(ctx: AppContext, principal: UserPrincipal, actor: Actor, id: string, input: { clientStepId: string; caption?: string | null; contentType: string; content: Buffer }) {
  if (!(PHOTO_TYPES as readonly string[]).includes(input.contentType)) {
    throw new AppError('unsupported_media_type', `Send a JPEG, PNG or WebP photo (got ${input.contentType || 'nothing'})`, { details: [{ path: ['file'], message: 'unsupported type' }] });
  }
  if (input.content.length === 0) throw invalidField(['file'], 'empty');
  if (input.content.length > UPLOAD_MAX_BYTES) throw new AppError('payload_too_large', 'At most 10 MB per photo', { details: [{ path: ['file'], message: 'too large' }] });
  const type = UPLOAD_TYPES[input.contentType];
  if (!type.matches(input.content.subarray(0, 16))) throw invalidField(['file'], `the content is not a ${input.contentType} file`);
  const allowed: WorkOrderStatus[] = ['arrived', 'in_progress'];
  const isRetry = await checkBeforeUpload(ctx, principal, id, input.clientStepId, allowed, 'A photo');
  const photoId = newId();
  const storageKey = `work-orders/${id}/${photoId}.${type.extension}`;
  if (!isRetry) await ctx.storage.put(storageKey, input.content);
  return runStep(ctx, principal, id, input.clientStepId, 'photo_added', async ({ tx, row, now }) => {
    requireStatus(row, allowed, 'A photo');
    await fieldRepo.insertPhoto(tx, { id: photoId, workOrderId: id, storageKey, contentType: input.contentType, sizeBytes: input.content.length, caption: input.caption ?? null, clientStepId: input.clientStepId, createdBy: actor.displayName ?? actor.name, createdAt: now });
    return recordWorkOrderEvent(tx, actor, row, now, { kind: 'photo_added', clientStepId: input.clientStepId, text: input.caption ?? null, data: { photoId, contentType: input.contentType, sizeBytes: input.content.length } });
  });
}

/** in_progress → completed: needs a saved report (work done or diagnosis) and the customer's signature (409 naming what is missing). */
export async function completeWorkOrder(ctx: AppContext, principal: UserPrincipal, actor: Actor, id: string, input: { clientStepId: string }) {
  return runStep(ctx, principal, id, input.clientStepId, 'completed', async ({ tx, row, now }) => {
    if (row.status === 'in_progress') {
      const missing: ErrorDetail[] = [];
      if (!row.result?.workDone && !row.result?.diagnosis) missing.push({ path: ['workDone'], message: 'save the work report (work done or diagnosis) first', code: 'missing_report' });
      if (!row.signatureKey) missing.push({ path: ['signature'], message: "the customer's signature is missing", code: 'missing_signature' });
      if (missing.length) throw new AppError('conflict', `The order cannot be completed yet: ${missing.map((detail) => detail.message).join('; ')}`, { details: missing });
      // Higher modules may refuse (quality: the self-check is missing or a required item failed).
      await checkGuards(tx, WorkOrderCompletionGuard, { workOrderId: row.id, number: row.number, ticketId: row.ticketId, customerId: row.customerId, assetId: row.assetId, type: row.type, outletId: row.outletId, technicianId: row.technicianId, categoryId: row.categoryId });
    }
    return moveWorkOrder(tx, actor, row, 'completed', now, { kind: 'completed', clientStepId: input.clientStepId, auditAction: 'completed' });
  });
}

/**
 * on_the_way / arrived / in_progress → not_completed with the reason (the ticket pauses per
 * reason). `workshop` (带回维修) needs `unitDescription` and writes the workshop log's 'in'
 * entry, whose receipt number the receipt shows.
 */
export async function setNotCompleted(ctx: AppContext, principal: UserPrincipal, actor: Actor, id: string, input: z.infer<typeof ZNotCompletedBody>) {
  const unitDescription = input.unitDescription?.trim() || null;
  if (input.reason === 'workshop' && !unitDescription) throw invalidField(['unitDescription'], 'say which unit is taken back to the workshop');
  return runStep(ctx, principal, id, input.clientStepId, 'not_completed', async ({ tx, row, now }) => {
    const after = await moveWorkOrder(tx, actor, row, 'not_completed', now, {
      patch: { notCompletedReason: input.reason, notCompletedNote: input.note ?? null },
      kind: 'not_completed',
      text: input.note ?? null,
      data: { reason: input.reason },
      clientStepId: input.clientStepId,
      auditAction: 'not_completed',
    });
    if (input.reason === 'workshop' && unitDescription) await takeIntoWorkshop(tx, actor, after, { unitDescription, condition: input.condition ?? null, note: input.note ?? null }, now);
    return after;
  });
}

// ---- Images and the receipt ----

const EXTENSION_TYPES: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', webp: 'image/webp' };

export async function readSignature(ctx: AppContext, principal: Principal, id: string) {
  const row = await findScopedWorkOrder(ctx.db, principal, id);
  if (!row.signatureKey) throw notFound('Signature');
  const content = await ctx.storage.get(row.signatureKey);
  if (!content) throw notFound('Signature file');
  return { contentType: EXTENSION_TYPES[row.signatureKey.split('.').pop() ?? ''] ?? 'application/octet-stream', content };
}

export async function readPhoto(ctx: AppContext, principal: Principal, id: string, photoId: string) {
  await findScopedWorkOrder(ctx.db, principal, id);
  const photo = await fieldRepo.findPhoto(ctx.db, id, photoId);
  if (!photo) throw notFound('Photo');
  const content = await ctx.storage.get(photo.storageKey);
  if (!content) throw notFound('Photo file');
  return { contentType: photo.contentType, content };
}

/** The service receipt (服务回执单): ticket, customer, asset, work, parts, fees, signature, technician, workshop entries. */
export async function getReceipt(ctx: AppContext, principal: Principal, id: string): Promise<TReceipt> {
  const now = ctx.clock.now();
  const row = await findScopedWorkOrder(ctx.db, principal, id);
  const [ticket, names, settings, workshop] = await Promise.all([findTicketForWork(ctx.db, row.ticketId), loadNames(ctx.db, [row]), dispatchSettings.read(ctx.db), listWorkshopOfOrder(ctx.db, row.id)]);
  if (!ticket) throw notFound('Ticket');
  const view = presentWorkOrder(row, names, principal, now, settings.feedbackMinutes);
  let asset: TReceipt['asset'] = null;
  if (row.assetId) {
    try {
      const found = await getAsset(ctx, principal, row.assetId);
      asset = { id: found.id, brand: found.brand ?? null, modelName: found.modelName, modelCode: found.modelCode, categoryName: found.categoryName ?? null, serialNumber: found.serialNumber };
    } catch (error) {
      // An asset the reader may not see stays off the receipt; anything else is a real failure.
      if (!(error instanceof AppError && error.code === 'not_found')) throw error;
    }
  }
  const result = row.result ?? {};
  const parts = (result.partsUsed ?? []).map((part) => ({
    partCode: part.partCode ?? null,
    name: part.name,
    quantity: part.quantity,
    unitPriceFen: part.unitPriceFen ?? 0,
    amountFen: part.quantity * (part.unitPriceFen ?? 0),
    isWarranty: Boolean(part.isWarranty),
    serials: part.serials ?? [],
  }));
  const partsTotal = parts.reduce((sum, part) => sum + part.amountFen, 0);
  return {
    workOrder: {
      id: row.id,
      number: row.number,
      type: view.type,
      status: row.status,
      windowStart: view.windowStart,
      windowEnd: view.windowEnd,
      notCompletedReason: view.notCompletedReason,
      notCompletedNote: row.notCompletedNote,
    },
    ticket: { id: ticket.id, number: ticket.number, type: ticket.type, faultCategory: await faultName(ctx.db, row.categoryId, ticket.faultCategory), description: ticket.description },
    customer: { id: row.customerId, name: view.customerName, contactName: row.contactName, phone: view.contactPhone, address: row.address },
    asset,
    outletName: view.outletName,
    technicianName: view.technicianName,
    arrivedAt: view.arrivedAt,
    startedAt: view.startedAt,
    finishedAt: view.finishedAt,
    diagnosis: result.diagnosis ?? null,
    actualFault: result.actualFault ?? null,
    workDone: result.workDone ?? null,
    partsUsed: parts,
    partsTotalFen: partsTotal,
    labourMinutes: result.labourMinutes ?? null,
    labourFeeFen: result.labourFeeFen ?? null,
    feeExpectedFen: result.feeExpectedFen ?? (result.labourFeeFen ?? 0) + partsTotal,
    feeCollectedFen: result.feeCollectedFen ?? null,
    feeReason: result.feeReason ?? null,
    hasSignature: Boolean(row.signatureKey),
    signedAt: view.signedAt,
    signatureUrl: row.signatureKey ? `/api/work-orders/${row.id}/signature` : null,
    workshop,
    generatedAt: now.toISOString(),
  };
}
