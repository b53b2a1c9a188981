/**
 * Returns and exchanges (退货 / 同型号换货 / 换型补差): started from a ticket's 三包 decision (the
 * remedy must be one the decision allows) or by a manager; approved by a role whose limit
 * covers the amount (returns.settings) — nothing is executed before; the returned unit is
 * inspected on receipt (appearance, function, accessories, packaging, photos) and either
 * refused with a reason or taken into the unit stock of a parts warehouse with a grade;
 * completing it marks the old asset returned and, for an exchange, issues a new unit from
 * stock that becomes a new asset of the same customer with its 三包 periods starting on the
 * exchange date (its purchase date). Every step is one transaction with its audit row.
 */
import { and, eq, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { TAssessmentView } from '../../../contracts/tickets';
import { RETURN_KIND_LABELS, type TCreateReturnBody, type TReturnInspectionBody, type TReturnSettings, type ZListReturnsQuery } from '../../../contracts/returns';
import type { Executor } from '../../db/client';
import type { AppContext } from '../../platform/context';
import { FOREIGN_KEY_VIOLATION, sqlStateOf } from '../../platform/db-errors';
import { AppError, conflict, invalidField, notFound } from '../../platform/errors';
import { newId } from '../../platform/ids';
import type { Actor, Principal } from '../../platform/principal';
import { isInScope, scopeCondition } from '../../platform/scope';
import { shanghaiDate } from '../../platform/time';
import { createAsset, findAssetFacts, findModelFacts, findModelNames, updateAsset } from '../assets';
import { recordAudit } from '../audit';
import { findCustomerNames } from '../customers';
import { findTicketForWork, findTicketNumbers } from '../tickets';
import * as repo from './returns.repository';
import { returnSettings } from './returns.settings';

const DAY_MS = 86_400_000;

/** Depreciation (fen) of a unit used `days` days: none within the free days, else per started 30 days, at most the price. */
export function depreciationOf(priceFen: number, days: number, settings: Pick<TReturnSettings, 'depreciationPermillePerMonth' | 'depreciationFreeDays'>): number {
  if (days <= settings.depreciationFreeDays || settings.depreciationPermillePerMonth === 0) return 0;
  const months = Math.ceil(days / 30);
  return Math.min(priceFen, Math.floor((priceFen * settings.depreciationPermillePerMonth * months) / 1000));
}

/** The largest amount the principal's roles may approve (0 for API tokens and roles not listed). */
export function approvalLimitOf(principal: Principal, settings: Pick<TReturnSettings, 'approvalLimitsFen'>): number {
  if (principal.kind !== 'user') return 0;
  return Math.max(0, ...principal.roles.map((role) => settings.approvalLimitsFen[role] ?? 0));
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

function staleVersion(): AppError {
  return conflict('The return was changed by someone else: reload it', [{ path: ['version'], message: 'stale' }]);
}

function wrongStatus(status: string, expected: string): AppError {
  return conflict(`退换货单状态为 ${status}，此操作需要 ${expected}`, [{ path: ['status'], message: `is ${status}, needs ${expected}` }]);
}

/** The remedies the ticket's 三包 decision allows (the manager's override included). */
function allowedRemedies(assessment: TAssessmentView): string[] {
  const remedies = new Set<string>(assessment.sanbao.remedies);
  if (assessment.override) remedies.add(assessment.override.remedy);
  return [...remedies];
}

async function presentReturns(executor: Executor, rows: repo.ReturnRow[]) {
  const modelIds = rows.flatMap((row) => [row.modelId, ...(row.newModelId ? [row.newModelId] : [])]);
  const [models, customers, tickets] = await Promise.all([
    findModelNames(executor, modelIds),
    findCustomerNames(executor, [...new Set(rows.map((row) => row.customerId))]),
    findTicketNumbers(executor, rows.flatMap((row) => (row.ticketId ? [row.ticketId] : []))),
  ]);
  return rows.map((row) => ({
    id: row.id,
    number: row.number,
    kind: row.kind,
    status: row.status,
    ticketId: row.ticketId,
    ticketNumber: row.ticketId ? (tickets.get(row.ticketId) ?? null) : null,
    customerId: row.customerId,
    customerName: customers.get(row.customerId) ?? null,
    assetId: row.assetId,
    serialNumber: row.serialNumber,
    modelId: row.modelId,
    modelName: models.get(row.modelId) ?? row.modelId,
    newModelId: row.newModelId,
    newModelName: row.newModelId ? (models.get(row.newModelId) ?? null) : null,
    purchaseDate: row.purchaseDate,
    purchasePriceFen: row.purchasePriceFen,
    depreciationFen: row.depreciationFen,
    refundFen: row.refundFen,
    newModelPriceFen: row.newModelPriceFen,
    priceDifferenceFen: row.priceDifferenceFen,
    approvalAmountFen: row.approvalAmountFen,
    sanbaoRemedy: row.sanbaoRemedy,
    reason: row.reason,
    decisionNote: row.decisionNote,
    decidedBy: row.decidedByName,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    inspection: row.inspection ? { ...row.inspection, refuseReason: row.inspection.refuseReason ?? null } : null,
    returnedUnitId: row.returnedUnitId,
    issuedUnitId: row.issuedUnitId,
    newAssetId: row.newAssetId,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }));
}

async function presentReturn(executor: Executor, row: repo.ReturnRow) {
  const [view] = await presentReturns(executor, [row]);
  return view;
}

function returnScope(principal: Principal): SQL | undefined {
  return scopeCondition(principal, { outlet: repo.returnColumns.outletId });
}

async function lockVisibleReturn(tx: Executor, principal: Principal, id: string): Promise<repo.ReturnRow> {
  const row = await repo.findReturn(tx, id, { forUpdate: true });
  if (!row || !isInScope(principal, { outletId: row.outletId })) throw notFound('Return');
  return row;
}

/** Starts a return: from a ticket's 三包 decision, or (returns.manage) by a manager's own decision. */
export async function createReturn(ctx: AppContext, principal: Principal, actor: Actor, input: TCreateReturnBody) {
  if (!input.ticketId && !principal.permissions.has('returns.manage')) {
    throw new AppError('forbidden', '只有售后经理可以不经三包结论发起退换货', { details: [{ path: ['ticketId'], message: 'required without returns.manage' }] });
  }
  if (input.kind === 'exchange_other' && !input.newModelId) throw invalidField(['newModelId'], '换型补差需要选择新型号');
  if (input.kind === 'exchange_other' && input.newModelPriceFen === undefined) throw invalidField(['newModelPriceFen'], '换型补差需要新型号的价格');
  if (input.kind !== 'exchange_other' && (input.newModelId || input.newModelPriceFen !== undefined)) throw invalidField(['newModelId'], 'only for exchange_other');
  if (input.kind !== 'refund' && input.refundFen !== undefined) throw invalidField(['refundFen'], 'only for a refund');
  if (input.refundFen !== undefined && input.refundFen > input.purchasePriceFen) {
    throw invalidField(['refundFen'], `退款金额不能高于购买价格（${input.purchasePriceFen} 分）`);
  }
  const id = await ctx.db.transaction(async (tx) => {
    const now = ctx.clock.now();
    const today = shanghaiDate(now);
    let ticket: Awaited<ReturnType<typeof findTicketForWork>>;
    let sanbaoRemedy: string | null = null;
    if (input.ticketId) {
      ticket = await findTicketForWork(tx, input.ticketId);
      if (!ticket || !isInScope(principal, { outletId: ticket.outletId, ownerId: ticket.assignedUserId })) throw invalidField(['ticketId'], 'no such ticket');
      const assessment = ticket.assessment as TAssessmentView | null;
      if (!assessment) throw conflict('工单尚未判定三包结论', [{ path: ['ticketId'], message: 'not assessed' }]);
      const needed = input.kind === 'refund' ? 'refund' : 'exchange';
      if (!allowedRemedies(assessment).includes(needed)) {
        throw invalidField(['kind'], `三包结论不允许${RETURN_KIND_LABELS[input.kind].zh}：${assessment.override?.reason ?? assessment.sanbao.reason.zh}`);
      }
      sanbaoRemedy = needed;
    }
    const assetId = input.assetId ?? ticket?.assetId;
    if (!assetId) throw invalidField(['assetId'], 'the ticket has no product: name the asset');
    const asset = await findAssetFacts(tx, assetId);
    if (!asset) throw invalidField(['assetId'], 'no such asset');
    if (ticket && ticket.assetId && ticket.assetId !== asset.id) throw invalidField(['assetId'], "not the ticket's product");
    if (asset.status !== 'in_service') throw invalidField(['assetId'], `the asset is ${asset.status}`);
    if (await repo.findOpenReturnOfAsset(tx, asset.id)) throw conflict('该产品已有进行中的退换货单', [{ path: ['assetId'], message: 'open return exists' }]);

    const settings = await returnSettings.read(tx);
    const days = asset.purchaseDate ? Math.max(0, daysBetween(asset.purchaseDate, today)) : 0;
    const depreciationFen = input.kind === 'exchange_same' ? 0 : depreciationOf(input.purchasePriceFen, days, settings);
    const credit = input.purchasePriceFen - depreciationFen;
    const refundFen = input.kind === 'refund' ? (input.refundFen ?? credit) : 0;
    const newModelId = input.kind === 'exchange_other' ? input.newModelId! : input.kind === 'exchange_same' ? asset.modelId : null;
    if (input.kind === 'exchange_other') {
      if (!(await findModelFacts(tx, newModelId!))) throw invalidField(['newModelId'], 'no such model');
    }
    if (newModelId && (await repo.countNewUnitsInStock(tx, newModelId)) === 0) {
      throw invalidField([input.kind === 'exchange_other' ? 'newModelId' : 'kind'], '该型号没有可换新机库存');
    }
    const priceDifferenceFen = input.kind === 'exchange_other' ? input.newModelPriceFen! - credit : 0;
    const approvalAmountFen = input.kind === 'refund' ? refundFen : input.kind === 'exchange_other' ? input.newModelPriceFen! : input.purchasePriceFen;

    const prefix = `TH${today.replaceAll('-', '')}-`;
    await repo.lockNumbering(tx, 'return_orders');
    const number = `${prefix}${String((await repo.countReturnsWithPrefix(tx, prefix)) + 1).padStart(3, '0')}`;
    const row = await repo.insertReturn(tx, {
      id: newId(),
      number,
      kind: input.kind,
      status: 'requested',
      ticketId: ticket?.id ?? null,
      customerId: asset.customerId,
      outletId: ticket?.outletId ?? (principal.kind === 'user' ? principal.outletId : null),
      assetId: asset.id,
      modelId: asset.modelId,
      serialNumber: asset.serialNumber,
      newModelId: input.kind === 'exchange_other' ? newModelId : null,
      purchaseDate: asset.purchaseDate,
      purchasePriceFen: input.purchasePriceFen,
      depreciationFen,
      refundFen,
      newModelPriceFen: input.newModelPriceFen ?? null,
      priceDifferenceFen,
      approvalAmountFen,
      sanbaoRemedy,
      reason: input.reason,
      createdById: actor.id,
      createdAt: now,
      updatedAt: now,
    });
    await recordAudit(tx, actor, { entity: 'return_order', entityId: row.id, action: 'created', after: { number, kind: row.kind, ticketId: row.ticketId, assetId: row.assetId, refundFen, priceDifferenceFen, approvalAmountFen } });
    return row.id;
  });
  return getReturn(ctx, principal, id);
}

export async function getReturn(ctx: AppContext, principal: Principal, id: string) {
  const row = await repo.findReturn(ctx.db, id);
  if (!row || !isInScope(principal, { outletId: row.outletId })) throw notFound('Return');
  return presentReturn(ctx.db, row);
}

export async function listReturns(ctx: AppContext, principal: Principal, query: z.infer<typeof ZListReturnsQuery>) {
  const conditions = [returnScope(principal)];
  if (query.status) conditions.push(eq(repo.returnColumns.status, query.status));
  if (query.ticketId) conditions.push(eq(repo.returnColumns.ticketId, query.ticketId));
  const { items, total } = await repo.listReturns(ctx.db, and(...conditions), { limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
  return { items: await presentReturns(ctx.db, items), total, page: query.page, pageSize: query.pageSize };
}

/** Returns waiting for a decision, within the principal's scope (the to-do bell). */
export async function countReturnsToDecide(ctx: AppContext, principal: Principal): Promise<number> {
  return (await repo.listReturns(ctx.db, and(returnScope(principal), eq(repo.returnColumns.status, 'requested')), { limit: 0, offset: 0 })).total;
}

/** Approves or rejects a requested return; the approver's limit must cover its amount. */
export async function decideReturn(ctx: AppContext, principal: Principal, actor: Actor, id: string, input: { action: 'approve' | 'reject'; note?: string; version: number }) {
  await ctx.db.transaction(async (tx) => {
    const row = await lockVisibleReturn(tx, principal, id);
    if (row.version !== input.version) throw staleVersion();
    if (row.status !== 'requested') throw wrongStatus(row.status, 'requested');
    if (input.action === 'approve') {
      const limit = approvalLimitOf(principal, await returnSettings.read(tx));
      if (limit < row.approvalAmountFen) {
        throw new AppError('forbidden', `审批额度不足：本单 ${row.approvalAmountFen} 分，您的额度 ${limit} 分`, { details: [{ path: ['approvalAmountFen'], message: `above your limit of ${limit}` }] });
      }
    } else if (!input.note) {
      throw invalidField(['note'], '不批准需要说明原因');
    }
    const now = ctx.clock.now();
    const status = input.action === 'approve' ? 'approved' : 'rejected';
    const after = await repo.updateReturn(tx, id, row.version, { status, decisionNote: input.note ?? null, decidedById: actor.id, decidedByName: actor.displayName ?? actor.name, decidedAt: now, updatedAt: now });
    if (!after) throw staleVersion();
    await recordAudit(tx, actor, { entity: 'return_order', entityId: id, action: input.action === 'approve' ? 'approved' : 'rejected', before: { status: row.status }, after: { status, note: input.note ?? null, approvalAmountFen: row.approvalAmountFen } });
  });
  return getReturn(ctx, principal, id);
}

/** The receipt inspection of an approved return: refuse with a reason, or take the unit into stock with a grade. */
export async function inspectReturn(ctx: AppContext, principal: Principal, actor: Actor, id: string, input: TReturnInspectionBody) {
  if (input.decision === 'refuse' && !input.refuseReason) throw invalidField(['refuseReason'], '拒绝退换需要说明原因');
  if (input.decision === 'accept' && !input.warehouseId) throw invalidField(['warehouseId'], '请选择入库仓库');
  if (input.decision === 'accept' && !input.grade) throw invalidField(['grade'], '请选择入库等级');
  try {
    await ctx.db.transaction(async (tx) => {
      const row = await lockVisibleReturn(tx, principal, id);
      if (row.version !== input.version) throw staleVersion();
      if (row.status !== 'approved') throw wrongStatus(row.status, 'approved');
      const now = ctx.clock.now();
      const inspection = {
        appearance: input.appearance,
        function: input.function,
        accessories: input.accessories,
        packaging: input.packaging,
        photoIds: input.photoIds,
        decision: input.decision,
        refuseReason: input.decision === 'refuse' ? input.refuseReason! : null,
        by: actor.displayName ?? actor.name,
        at: now.toISOString(),
      };
      let returnedUnitId: string | null = null;
      if (input.decision === 'accept') {
        const unit = await repo.insertStockUnit(tx, {
          id: newId(),
          warehouseId: input.warehouseId!,
          modelId: row.modelId,
          serialNumber: row.serialNumber,
          grade: input.grade!,
          status: 'in_stock',
          returnId: row.id,
          note: `退换货单 ${row.number} 验收入库`,
          createdAt: now,
          updatedAt: now,
        });
        returnedUnitId = unit.id;
      }
      const status = input.decision === 'accept' ? 'received' : 'refused';
      const after = await repo.updateReturn(tx, id, row.version, { status, inspection, returnedUnitId, updatedAt: now });
      if (!after) throw staleVersion();
      await recordAudit(tx, actor, { entity: 'return_order', entityId: id, action: input.decision === 'accept' ? 'received' : 'refused', before: { status: row.status }, after: { status, inspection, returnedUnitId, warehouseId: input.warehouseId ?? null, grade: input.grade ?? null } });
    });
  } catch (error) {
    if (sqlStateOf(error) === FOREIGN_KEY_VIOLATION) throw invalidField(['warehouseId'], 'no such warehouse');
    throw error;
  }
  return getReturn(ctx, principal, id);
}

/**
 * Carries the remedy out on a received return: the old asset is marked returned; an exchange
 * issues a new unit from stock (the given one, or any new unit of the model in stock), which
 * becomes the customer's new asset bought today — its 三包 periods start on the exchange date.
 */
export async function completeReturn(ctx: AppContext, principal: Principal, actor: Actor, id: string, input: { stockUnitId?: string; version: number }) {
  await ctx.db.transaction(async (tx) => {
    const row = await lockVisibleReturn(tx, principal, id);
    if (row.version !== input.version) throw staleVersion();
    if (row.status !== 'received') throw wrongStatus(row.status, 'received');
    const now = ctx.clock.now();
    const today = shanghaiDate(now);
    const old = await findAssetFacts(tx, row.assetId);
    if (!old) throw notFound('Asset');
    let issuedUnitId: string | null = null;
    let newAssetId: string | null = null;
    const kindText = RETURN_KIND_LABELS[row.kind].zh;
    if (row.kind === 'refund') {
      if (input.stockUnitId) throw invalidField(['stockUnitId'], 'a refund issues no unit');
    } else {
      const modelId = row.newModelId ?? row.modelId;
      const unit = input.stockUnitId ? await repo.findStockUnit(tx, input.stockUnitId, { forUpdate: true }) : await pickNewUnit(tx, modelId);
      if (!unit) throw invalidField([input.stockUnitId ? 'stockUnitId' : 'newModelId'], input.stockUnitId ? 'no such unit' : '该型号没有可换新机库存');
      if (unit.modelId !== modelId) throw invalidField(['stockUnitId'], 'the unit is another model');
      if (unit.status !== 'in_stock' || unit.grade !== 'new') throw invalidField(['stockUnitId'], `the unit is ${unit.status} / ${unit.grade}, not a new unit in stock`);
      await repo.updateStockUnit(tx, unit.id, { status: 'issued', returnId: row.id, note: `退换货单 ${row.number} 换出`, updatedAt: now });
      const created = await createAsset(
        ctx,
        actor,
        { customerId: row.customerId, modelId, serialNumber: unit.serialNumber, purchaseDate: today, salesChannel: old.salesChannel, notes: `${kindText}（退换货单 ${row.number}）换出，替换 ${old.serialNumber}；三包期自换货日起算` },
        tx,
      );
      issuedUnitId = unit.id;
      newAssetId = created.id;
    }
    const replaced = newAssetId ? `，由新机替换（退换货单 ${row.number}）` : `（退换货单 ${row.number}）`;
    await updateAsset(ctx, actor, row.assetId, { status: 'returned', notes: `${today} ${kindText}${replaced}` }, tx);
    const after = await repo.updateReturn(tx, id, row.version, { status: 'completed', issuedUnitId, newAssetId, completedAt: now, updatedAt: now });
    if (!after) throw staleVersion();
    await recordAudit(tx, actor, { entity: 'return_order', entityId: id, action: 'completed', before: { status: row.status }, after: { status: 'completed', issuedUnitId, newAssetId, refundFen: row.refundFen, priceDifferenceFen: row.priceDifferenceFen } });
  });
  return getReturn(ctx, principal, id);
}

async function pickNewUnit(tx: Executor, modelId: string) {
  const { items } = await repo.listStockUnits(
    tx,
    and(eq(repo.stockUnitColumns.modelId, modelId), eq(repo.stockUnitColumns.grade, 'new'), eq(repo.stockUnitColumns.status, 'in_stock')),
    { limit: 1, offset: 0 },
  );
  return items[0] ? repo.findStockUnit(tx, items[0].id, { forUpdate: true }) : undefined;
}

