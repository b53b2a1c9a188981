/**
 * Checklists (自检项目) and the technician's self-check (自检) on the phone. The work order's
 * completion asks `WorkOrderCompletionGuard`; `checkSelfCheckBeforeCompletion` answers it
 * (server/wiring.ts): with a checklist for the order's work type and category, the self-check
 * must be there, current, and every required item passed — else a 409 naming the item.
 */
import type { ErrorDetail } from '../../../contracts/errors';
import type { TChecklistBody, TChecklistItem, TChecklistView, TFieldSelfCheck, TSelfCheckBody, TSelfCheckView } from '../../../contracts/quality';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { AppError, forbidden, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal, UserPrincipal } from '../../platform/principal';
import { loadCategoryMap } from '../assets';
import { recordAudit } from '../audit';
import { findScopedWorkOrder, findWorkOrderPhotos } from '../workorders';
import * as repo from './quality.repository';
import type { SelfCheckAnswer } from './quality.tables';

export function presentChecklist(row: repo.ChecklistRow): TChecklistView {
  return { id: row.id, name: row.name, workType: row.workType, categoryId: row.categoryId, items: row.items, isActive: row.isActive, version: row.version, updatedAt: row.updatedAt.toISOString() };
}

function presentSelfCheck(row: repo.SelfCheckRow, items: readonly TChecklistItem[] | null): TSelfCheckView {
  const failed = items ? evaluateAnswers(items, row.answers).failedItems : row.failedItems;
  return {
    workOrderId: row.workOrderId,
    checklistId: row.checklistId,
    checklistVersion: row.checklistVersion,
    answers: row.answers.map((answer) => ({ code: answer.code, label: answer.label, passed: answer.passed, value: answer.value, photoId: answer.photoId, isOk: answer.isOk, isRequired: answer.isRequired })),
    isPassed: failed.length === 0,
    failedItems: failed,
    isStale: row.staleAt !== null,
    submittedAt: row.submittedAt.toISOString(),
  };
}

export async function listChecklists(ctx: AppContext) {
  return { items: (await repo.listChecklists(ctx.db)).map(presentChecklist) };
}

export async function createChecklist(ctx: AppContext, actor: Actor, input: TChecklistBody) {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const row = await repo.insertChecklist(tx, { id: newId(), name: input.name, workType: input.workType, categoryId: input.categoryId ?? null, items: input.items, isActive: input.isActive, createdAt: now, updatedAt: now });
    await recordAudit(tx, actor, { entity: 'quality_checklist', entityId: row.id, action: 'created', after: { name: row.name, workType: row.workType, categoryId: row.categoryId, items: row.items.length } });
    return presentChecklist(row);
  });
}

export async function updateChecklist(ctx: AppContext, actor: Actor, id: string, input: Partial<TChecklistBody> & { version: number }) {
  return ctx.db.transaction(async (tx) => {
    const row = await repo.findChecklist(tx, id, { forUpdate: true });
    if (!row) throw notFound('Checklist');
    if (row.version !== input.version) throw new AppError('conflict', 'The checklist was changed by someone else; reload it', { details: [{ path: ['version'], message: `the checklist is at version ${row.version}`, code: 'stale_version' }] });
    const { version: _version, ...fields } = input;
    const updated = await repo.updateChecklist(tx, id, { ...fields, categoryId: fields.categoryId === undefined ? row.categoryId : fields.categoryId, version: row.version + 1, updatedAt: ctx.clock.now() });
    await recordAudit(tx, actor, { entity: 'quality_checklist', entityId: id, action: 'updated', before: { name: row.name, isActive: row.isActive, items: row.items }, after: { name: updated.name, isActive: updated.isActive, items: updated.items } });
    return presentChecklist(updated);
  });
}

/** A category and its ancestors, nearest first (the product categories form a tree; a loop ends the walk). */
export function categoryChain(categoryId: string, categories: Map<string, { id: string; parentId: string | null }>): string[] {
  const chain: string[] = [];
  let current = categories.get(categoryId);
  if (!current) return [categoryId];
  while (current && !chain.includes(current.id)) {
    chain.push(current.id);
    current = current.parentId ? categories.get(current.parentId) : undefined;
  }
  return chain;
}

/**
 * The checklist that applies to an order: active, of its work type; categories inherit down
 * the tree, so one of the order's category beats one of its parent, which beats one of the
 * grandparent …, and any of them beats one for every category.
 */
export async function findApplicableChecklist(executor: Executor, workType: string, categoryId: string | null): Promise<repo.ChecklistRow | undefined> {
  const chain = categoryId ? categoryChain(categoryId, await loadCategoryMap(executor)) : [];
  return repo.findActiveChecklist(executor, workType, chain);
}

type Evaluated = { answers: SelfCheckAnswer[]; failedItems: string[]; errors: ErrorDetail[] };

/**
 * Checks the answers against the items (pure): a value of the wrong type for its item is an
 * error naming `answers.<i>.<field>`; a required item missing, answered no, measured outside
 * its range or without its photo is failed.
 */
export function evaluateAnswers(items: readonly TChecklistItem[], input: readonly { code: string; passed?: boolean | null; value?: number | null; photoId?: string | null; note?: string | null }[]): Evaluated {
  const errors: ErrorDetail[] = [];
  const answers: SelfCheckAnswer[] = [];
  const seen = new Set<string>();
  input.forEach((answer, index) => {
    const item = items.find((candidate) => candidate.code === answer.code);
    if (!item) return void errors.push({ path: ['answers', index, 'code'], message: `no item ${answer.code} on this checklist` });
    if (seen.has(item.code)) return void errors.push({ path: ['answers', index, 'code'], message: `${item.label} is answered twice` });
    seen.add(item.code);
    const passed = answer.passed ?? null;
    const value = answer.value ?? null;
    if (item.kind === 'yes_no') {
      if (value !== null) return void errors.push({ path: ['answers', index, 'value'], message: `${item.label} is a yes/no item: send passed, not a value` });
      if (passed === null) return void errors.push({ path: ['answers', index, 'passed'], message: `${item.label}: say yes or no` });
    } else {
      if (passed !== null) return void errors.push({ path: ['answers', index, 'passed'], message: `${item.label} is a measured item: send the value` });
      if (value === null) return void errors.push({ path: ['answers', index, 'value'], message: `${item.label}: enter the measured value` });
    }
    const inRange = value !== null && (item.min == null || value >= item.min) && (item.max == null || value <= item.max);
    const hasPhoto = !item.isPhotoRequired || Boolean(answer.photoId);
    const isOk = (item.kind === 'yes_no' ? passed === true : inRange) && hasPhoto;
    answers.push({ code: item.code, label: item.label, passed, value, photoId: answer.photoId ?? null, note: answer.note ?? null, isOk, isRequired: item.isRequired });
  });
  const failedItems = items.filter((item) => item.isRequired && !answers.some((answer) => answer.code === item.code && answer.isOk)).map((item) => item.code);
  return { answers, failedItems, errors };
}

/** The phone's view: the checklist that applies to the order and the saved self-check. */
export async function getFieldSelfCheck(ctx: AppContext, principal: Principal, workOrderId: string): Promise<TFieldSelfCheck> {
  const order = await findScopedWorkOrder(ctx.db, principal, workOrderId);
  const checklist = await findApplicableChecklist(ctx.db, order.type, order.categoryId);
  const saved = await repo.findSelfCheck(ctx.db, workOrderId);
  return { checklist: checklist ? presentChecklist(checklist) : null, selfCheck: saved ? presentSelfCheck(saved, checklist?.id === saved.checklistId ? checklist.items : null) : null };
}

/**
 * The technician submits the self-check (in progress only; a new submission replaces the
 * last). Bad values are refused (400 naming the answer); failed items are stored and block
 * the completion, not the submission.
 */
export async function submitSelfCheck(ctx: AppContext, principal: UserPrincipal, actor: Actor, workOrderId: string, input: TSelfCheckBody): Promise<TFieldSelfCheck> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const order = await findScopedWorkOrder(tx, principal, workOrderId, { forUpdate: true });
    if (order.assignedUserId !== principal.userId) throw forbidden('Only the technician of this order does its self-check');
    if (order.status !== 'in_progress') throw new AppError('conflict', `The self-check is possible only while the work is in progress (it is ${order.status})`, { details: [{ path: ['status'], message: `the order is ${order.status}`, code: 'invalid_state' }] });
    const checklist = await findApplicableChecklist(tx, order.type, order.categoryId);
    if (!checklist) throw new AppError('not_found', 'No checklist applies to this order', { details: [{ path: ['checklist'], message: `no active checklist for ${order.type}` }] });
    const evaluated = evaluateAnswers(checklist.items, input.answers);
    if (evaluated.errors.length) throw new AppError('validation_error', evaluated.errors.map((error) => error.message).join('; '), { details: evaluated.errors });
    const photoIds = evaluated.answers.flatMap((answer) => (answer.photoId ? [answer.photoId] : []));
    if (photoIds.length) {
      const known = new Set((await findWorkOrderPhotos(tx, order.id)).map((photo) => photo.id));
      const index = input.answers.findIndex((answer) => answer.photoId && !known.has(answer.photoId));
      if (index >= 0) throw new AppError('validation_error', 'The photo is not one of this order', { details: [{ path: ['answers', index, 'photoId'], message: 'not a photo of this order' }] });
    }
    const saved = await repo.upsertSelfCheck(tx, {
      workOrderId,
      checklistId: checklist.id,
      checklistVersion: checklist.version,
      answers: evaluated.answers,
      isPassed: evaluated.failedItems.length === 0,
      failedItems: evaluated.failedItems,
      technicianUserId: principal.userId,
      submittedAt: now,
      staleAt: null,
    });
    await recordAudit(tx, actor, { entity: 'quality_self_check', entityId: workOrderId, action: 'submitted', after: { checklistId: checklist.id, isPassed: saved.isPassed, failedItems: saved.failedItems } });
    return { checklist: presentChecklist(checklist), selfCheck: presentSelfCheck(saved, checklist.items) };
  });
}

/** Answers `WorkOrderCompletionGuard`: a missing, stale or failed self-check refuses the completion (409 naming the item). */
export async function checkSelfCheckBeforeCompletion(tx: Executor, input: { workOrderId: string; type: string; categoryId: string | null }): Promise<void> {
  const checklist = await findApplicableChecklist(tx, input.type, input.categoryId);
  if (!checklist) return;
  const saved = await repo.findSelfCheck(tx, input.workOrderId);
  if (!saved || saved.staleAt || saved.checklistId !== checklist.id) {
    const why = saved?.staleAt ? 'the inspection sent the order back: do the self-check again' : 'do the self-check first';
    throw new AppError('conflict', `The order cannot be completed yet: ${why} (${checklist.name})`, { details: [{ path: ['selfCheck'], message: why, code: 'missing_self_check' }] });
  }
  // Judged against the checklist as it is now (an item added since counts as missing).
  const { failedItems } = evaluateAnswers(checklist.items, saved.answers);
  if (!failedItems.length) return;
  const labels = failedItems.map((code) => checklist.items.find((item) => item.code === code)?.label ?? code);
  throw new AppError('conflict', `The order cannot be completed: self-check items not passed: ${labels.join('、')}`, {
    details: failedItems.map((code, index) => ({ path: ['selfCheck', code], message: `${labels[index]} 未通过`, code: 'self_check_failed' })),
  });
}
