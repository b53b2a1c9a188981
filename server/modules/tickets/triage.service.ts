import { shanghaiDate } from '../../platform/time';
import type { z } from 'zod';
import type { TAssessmentView, ZAssessmentBody } from '../../../contracts/tickets';
import { EXCLUSION_LABELS, REMEDY_LABELS } from '../../../contracts/tickets';
import type { AppContext } from '../../platform/context';
import { AppError, notFound } from '../../platform/errors';
import type { Actor, Principal } from '../../platform/principal';
import { recordAudit } from '../audit';
import { findAssetForTriage } from '../assets';
import * as repo from './tickets.repository';
import { decideSanbao, type RepairRecord } from './sanbao';
import { moveTicket } from './ticket-move';
import { ticketScope, getTicket } from './tickets.service';
import { newId } from '../../platform/ids';

/**
 * Assesses a ticket: fault class and code, impact, urgency, the actual fault, exclusions.
 * Decides free or paid from the asset's warranty and the exclusions, and runs the 三包 engine
 * on the purchase date, the fault and the asset's repair history; both with reasons in words.
 * An accepted ticket becomes assessed.
 */
export async function assessTicket(ctx: AppContext, principal: Principal, actor: Actor, id: string, input: z.infer<typeof ZAssessmentBody>) {
  await ctx.db.transaction(async (tx) => {
    const row = await repo.findTicketById(tx, id, { forUpdate: true, scope: ticketScope(principal) });
    if (!row) throw notFound('Ticket');
    if (['resolved', 'closed', 'cancelled'].includes(row.status)) {
      throw new AppError('conflict', 'A finished ticket cannot be assessed again', { details: [{ path: ['status'], message: row.status }] });
    }
    const now = ctx.clock.now();
    const reportDate = shanghaiDate(row.createdAt);
    const asset = row.assetId ? await findAssetForTriage(tx, row.assetId, reportDate) : undefined;
    const history: RepairRecord[] = [];
    if (row.assetId) {
      const previous = await repo.findFinishedRepairsOfAsset(tx, row.assetId, row.id);
      for (const item of previous) {
        const assessment = item.assessment as TAssessmentView | null;
        const when = item.resolvedAt ?? item.closedAt;
        if (!assessment || !when) continue;
        history.push({ date: shanghaiDate(when), faultCode: assessment.faultCode, fixed: true, inWarranty: assessment.warranty.state === 'in_warranty' || assessment.warranty.state === 'extended' });
      }
    }
    const warranty = asset?.warranty ?? { state: 'unknown', endDate: null, basis: { zh: '未登记产品，无法判断保修', en: 'no product registered, warranty unknown' } };
    const isInWarranty = warranty.state === 'in_warranty' || warranty.state === 'extended';
    const exclusion = input.exclusions[0];
    const sanbao = asset?.purchaseDate
      ? decideSanbao({
          policy: asset.sanbaoPolicy,
          purchaseDate: asset.purchaseDate,
          reportDate: reportDate < asset.purchaseDate ? asset.purchaseDate : reportDate,
          warrantyEnd: warranty.state === 'extended' ? asset.warranty.extendedEnd : warranty.endDate,
          faultClass: input.exclusions.length ? 'excluded' : input.faultClass,
          exclusion,
          repairHistory: history,
          faultCode: input.faultCode,
          isModelDiscontinued: asset.isDiscontinued,
        })
      : null;
    const exclusionText = input.exclusions.map((item) => EXCLUSION_LABELS[item]);
    let isFree = isInWarranty && input.exclusions.length === 0 && input.faultClass !== 'none';
    if (sanbao) isFree = sanbao.isFree || (isFree && sanbao.remedies.includes('repair_free'));
    const chargeReason = input.exclusions.length
      ? { zh: `有偿服务：${exclusionText.map((item) => item.zh).join('、')}，不在保修范围内`, en: `paid: ${exclusionText.map((item) => item.en).join(', ')} is not covered by the warranty` }
      : isFree
        ? { zh: `无偿服务：${warranty.basis.zh}`, en: `free: ${warranty.basis.en}` }
        : { zh: `有偿服务：${warranty.basis.zh}`, en: `paid: ${warranty.basis.en}` };
    const previous = row.assessment as TAssessmentView | null;
    const assessment: TAssessmentView = {
      faultClass: input.faultClass,
      faultCode: input.faultCode,
      impact: input.impact,
      urgency: input.urgency,
      actualFault: input.actualFault ?? null,
      exclusions: input.exclusions,
      notes: input.notes ?? null,
      warranty: { state: warranty.state, endDate: warranty.endDate, basis: warranty.basis },
      sanbao: sanbao
        ? { remedies: sanbao.remedies, recommended: sanbao.recommended, rule: sanbao.rule, reason: sanbao.reason, daysSincePurchase: sanbao.daysSincePurchase }
        : { remedies: isFree ? ['repair_free'] : ['repair_paid'], recommended: isFree ? 'repair_free' : 'repair_paid', rule: 'no_purchase_date', reason: { zh: '无购买日期，不适用三包期限', en: 'no purchase date: the 三包 periods do not apply' }, daysSincePurchase: null },
      isFree,
      chargeReason,
      override: null,
      assessedAt: now.toISOString(),
      assessedBy: actor.displayName ?? actor.name,
    };
    const nextStatus = row.status === 'accepted' ? 'assessed' : row.status;
    await moveTicket(tx, actor, row, nextStatus, now, {
      cause: 'triage',
      patch: { assessment, urgency: input.urgency },
      timeline: { kind: 'assessed', text: `${chargeReason.zh}；${assessment.sanbao.reason.zh}`, isCustomerVisible: false },
      audit: { action: 'assessed', before: { assessment: previous, status: row.status }, after: { assessment, status: nextStatus } },
    });
  });
  return getTicket(ctx, principal, id);
}

/** A manager overrides the 三包 remedy with a reason (audited). */
export async function overrideSanbao(ctx: AppContext, principal: Principal, actor: Actor, id: string, input: { remedy: TAssessmentView['sanbao']['recommended'] & string; reason: string }) {
  await ctx.db.transaction(async (tx) => {
    const row = await repo.findTicketById(tx, id, { forUpdate: true, scope: ticketScope(principal) });
    if (!row) throw notFound('Ticket');
    const assessment = row.assessment as TAssessmentView | null;
    if (!assessment) throw new AppError('conflict', 'Assess the ticket first', { details: [{ path: ['assessment'], message: 'missing' }] });
    const now = ctx.clock.now();
    const after: TAssessmentView = { ...assessment, override: { remedy: input.remedy, reason: input.reason, by: actor.displayName ?? actor.name, at: now.toISOString() }, isFree: input.remedy !== 'repair_paid' };
    await repo.updateTicketRow(tx, id, { assessment: after, updatedAt: now });
    await repo.insertEvent(tx, { id: newId(), ticketId: id, at: now, kind: 'sanbao_overridden', actorId: actor.id, actorName: actor.displayName ?? actor.name, text: `${REMEDY_LABELS[input.remedy].zh}：${input.reason}`, isCustomerVisible: false });
    await recordAudit(tx, actor, { entity: 'ticket', entityId: id, action: 'sanbao_overridden', before: { override: assessment.override, recommended: assessment.sanbao.recommended }, after: { override: after.override } });
  });
  return getTicket(ctx, principal, id);
}
