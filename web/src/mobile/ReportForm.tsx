/**
 * The work report (服务记录): diagnosis, actual fault, work done, parts used, labour minutes and
 * fee, the fee collected with a reason when it differs from parts + labour. Amounts are typed
 * in yuan and sent in fen.
 */
import { useState, type ReactNode } from 'react';
import { Button, Input, TextArea } from 'antd-mobile';
import { formatFen } from '../components/archive/money';
import type { PartUsed, WorkOrderResult } from '../api/field';
import { useI18n, type MessageKey } from '../i18n';
import { expectedFeeFen, needsFeeReason, parseYuan } from './logic';

/**
 * One line of 使用备件. `partId`: a catalogue part from the technician's own stock — its name,
 * number and price come from the catalogue (the server prices it again, 0 in warranty) and
 * completing the visit deducts it; without it the line is free text as typed.
 * `isSerialTracked`: the line names the serials taken from the own stock (one per unit, the
 * quantity is their number); `mustReturnOldPart`: the replaced part's serial (`oldPartSerial`)
 * is asked for, so the old part is recorded with it when the visit is in warranty.
 */
export type PartDraft = {
  name: string;
  partCode: string;
  quantity: string;
  unitPrice: string;
  partId?: string | null;
  isSerialTracked?: boolean;
  mustReturnOldPart?: boolean;
  serials?: string[];
  oldPartSerial?: string;
};
export type ReportDraft = {
  diagnosis: string;
  actualFault: string;
  workDone: string;
  parts: PartDraft[];
  labourMinutes: string;
  labourFee: string;
  feeCollected: string;
  feeReason: string;
};

export type ReportBody = {
  diagnosis: string | null;
  actualFault: string | null;
  workDone: string | null;
  partsUsed: PartUsed[];
  labourMinutes: number | null;
  labourFeeFen: number | null;
  feeCollectedFen: number | null;
  feeReason: string | null;
};

const fenText = (fen: number | null | undefined) => (fen === null || fen === undefined ? '' : (fen / 100).toFixed(2));

export function draftOf(result: WorkOrderResult | null | undefined): ReportDraft {
  return {
    diagnosis: result?.diagnosis ?? '',
    actualFault: result?.actualFault ?? '',
    workDone: result?.workDone ?? '',
    parts: (result?.partsUsed ?? []).map((part) => ({
      name: part.name,
      partCode: part.partCode ?? '',
      quantity: String(part.quantity),
      unitPrice: fenText(part.unitPriceFen ?? 0),
      ...(part.partId ? { partId: part.partId } : {}),
      ...(part.serials?.length ? { serials: part.serials, isSerialTracked: true } : {}),
      ...(part.oldPartSerial ? { oldPartSerial: part.oldPartSerial } : {}),
    })),
    labourMinutes: result?.labourMinutes === null || result?.labourMinutes === undefined ? '' : String(result.labourMinutes),
    labourFee: fenText(result?.labourFeeFen),
    feeCollected: fenText(result?.feeCollectedFen),
    feeReason: result?.feeReason ?? '',
  };
}

/** Field errors by field name (`parts.0.quantity`), as dictionary keys. */
export type ReportErrors = Record<string, MessageKey>;

/** The report body from what was typed, or the fields that are wrong. */
export function buildReportBody(draft: ReportDraft): { body: ReportBody; errors: null } | { body: null; errors: ReportErrors } {
  const errors: ReportErrors = {};
  const partsUsed: PartUsed[] = [];
  draft.parts.forEach((part, index) => {
    if (!part.name.trim()) {
      errors[`parts.${index}.name`] = 'm.required';
      return;
    }
    const serials = part.partId && part.isSerialTracked ? (part.serials ?? []) : [];
    const quantity = part.partId && part.isSerialTracked ? serials.length : Number(part.quantity);
    if (part.partId && part.isSerialTracked) {
      if (!serials.length) errors[`parts.${index}.serials`] = 'partsm.serialsRequired';
    } else if (!/^\d+$/.test(part.quantity.trim()) || quantity < 1) errors[`parts.${index}.quantity`] = 'm.report.badNumber';
    const price = parseYuan(part.unitPrice);
    if (price === undefined) errors[`parts.${index}.unitPrice`] = 'm.report.badAmount';
    const oldPartSerial = part.partId ? (part.oldPartSerial ?? '').trim() : '';
    partsUsed.push({
      ...(part.partId ? { partId: part.partId } : {}),
      name: part.name.trim(),
      partCode: part.partCode.trim() || null,
      quantity,
      unitPriceFen: price ?? 0,
      ...(serials.length ? { serials } : {}),
      ...(oldPartSerial ? { oldPartSerial } : {}),
    });
  });
  let labourMinutes: number | null = null;
  if (draft.labourMinutes.trim()) {
    if (!/^\d+$/.test(draft.labourMinutes.trim())) errors.labourMinutes = 'm.report.badNumber';
    else labourMinutes = Number(draft.labourMinutes.trim());
  }
  const labourFeeFen = parseYuan(draft.labourFee);
  if (labourFeeFen === undefined) errors.labourFee = 'm.report.badAmount';
  const feeCollectedFen = parseYuan(draft.feeCollected);
  if (feeCollectedFen === undefined) errors.feeCollected = 'm.report.badAmount';
  const expected = expectedFeeFen(partsUsed, labourFeeFen ?? null);
  const feeReason = draft.feeReason.trim() || null;
  if (feeCollectedFen !== undefined && needsFeeReason(feeCollectedFen, expected) && !feeReason) errors.feeReason = 'm.report.feeReasonRequired';
  if (Object.keys(errors).length) return { body: null, errors };
  return {
    body: {
      diagnosis: draft.diagnosis.trim() || null,
      actualFault: draft.actualFault.trim() || null,
      workDone: draft.workDone.trim() || null,
      partsUsed,
      labourMinutes,
      labourFeeFen: labourFeeFen ?? null,
      feeCollectedFen: feeCollectedFen ?? null,
      feeReason,
    },
    errors: null,
  };
}

function FieldError({ errors, name }: { errors: ReportErrors; name: string }) {
  const { t } = useI18n();
  const key = errors[name];
  return key ? (
    <div className="m-error" data-testid={`m-error-${name}`}>
      {t(key)}
    </div>
  ) : null;
}

export function ReportForm({
  result,
  onSubmit,
  disabled,
  renderStockPicker,
  renderPartExtras,
}: {
  result: WorkOrderResult | null | undefined;
  onSubmit: (body: ReportBody) => void;
  disabled?: boolean;
  /** 使用备件: a picker of the technician's own stock that adds a catalogue line. */
  renderStockPicker?: (add: (line: PartDraft) => void) => ReactNode;
  /** Under a catalogue line: its serials from the own stock and the replaced part's serial. */
  renderPartExtras?: (line: PartDraft, change: (patch: Partial<PartDraft>) => void) => ReactNode;
}) {
  const { t } = useI18n();
  const [draft, setDraft] = useState<ReportDraft>(() => draftOf(result));
  const [errors, setErrors] = useState<ReportErrors>({});
  const set = (change: Partial<ReportDraft>) => setDraft((current) => ({ ...current, ...change }));
  const setPart = (index: number, change: Partial<PartDraft>) => setDraft((current) => ({ ...current, parts: current.parts.map((part, at) => (at === index ? { ...part, ...change } : part)) }));

  const partsForTotal = draft.parts.map((part) => ({ name: part.name, quantity: (part.partId && part.isSerialTracked ? part.serials?.length : Number(part.quantity)) || 0, unitPriceFen: parseYuan(part.unitPrice) ?? 0 }));
  const expected = expectedFeeFen(partsForTotal, parseYuan(draft.labourFee) ?? null);
  const collected = parseYuan(draft.feeCollected);
  const showReason = collected !== undefined && needsFeeReason(collected, expected);

  const submit = () => {
    const built = buildReportBody(draft);
    if (built.errors) {
      setErrors(built.errors);
      return;
    }
    setErrors({});
    onSubmit(built.body);
  };

  return (
    <div className="m-form" data-testid="m-report">
      <label className="m-label">{t('m.report.diagnosis')}</label>
      <TextArea value={draft.diagnosis} onChange={(diagnosis) => set({ diagnosis })} rows={2} autoSize maxLength={2000} data-testid="m-diagnosis" />
      <label className="m-label">{t('m.report.actualFault')}</label>
      <Input value={draft.actualFault} onChange={(actualFault) => set({ actualFault })} maxLength={500} data-testid="m-actual-fault" />
      <label className="m-label">{t('m.report.workDone')}</label>
      <TextArea value={draft.workDone} onChange={(workDone) => set({ workDone })} rows={2} autoSize maxLength={2000} data-testid="m-work-done" />

      <label className="m-label">{t('m.report.parts')}</label>
      {draft.parts.map((part, index) => (
        <div className="m-part" key={index} data-testid={part.partId ? 'm-part-catalogue' : 'm-part'}>
          {part.partId ? (
            <>
              <div className="m-row">
                <span>
                  {part.name} <span className="m-muted">{part.partCode}</span>
                </span>
              </div>
              <div className="m-part-catalogue">{t('partsm.catalogueLine')}</div>
              {renderPartExtras ? renderPartExtras(part, (patch) => setPart(index, patch)) : null}
              <FieldError errors={errors} name={`parts.${index}.serials`} />
            </>
          ) : (
            <div className="m-row">
              <Input placeholder={t('m.report.partName')} value={part.name} onChange={(name) => setPart(index, { name })} maxLength={100} />
              <Input placeholder={t('m.report.partCode')} value={part.partCode} onChange={(partCode) => setPart(index, { partCode })} maxLength={64} />
            </div>
          )}
          <FieldError errors={errors} name={`parts.${index}.name`} />
          <div className="m-row">
            <Input placeholder={t('m.report.quantity')} value={part.partId && part.isSerialTracked ? String(part.serials?.length ?? 0) : part.quantity} onChange={(quantity) => setPart(index, { quantity })} inputMode="numeric" readOnly={Boolean(part.partId && part.isSerialTracked)} data-testid="m-part-quantity" />
            <Input placeholder={t('m.report.unitPrice')} value={part.unitPrice} onChange={(unitPrice) => setPart(index, { unitPrice })} inputMode="decimal" readOnly={Boolean(part.partId)} />
            <Button size="mini" fill="none" color="danger" onClick={() => setDraft((current) => ({ ...current, parts: current.parts.filter((_, at) => at !== index) }))}>
              {t('m.report.removePart')}
            </Button>
          </div>
          <FieldError errors={errors} name={`parts.${index}.quantity`} />
          <FieldError errors={errors} name={`parts.${index}.unitPrice`} />
        </div>
      ))}
      <div className="m-row">
        {renderStockPicker ? renderStockPicker((line) => setDraft((current) => ({ ...current, parts: [...current.parts, line] }))) : null}
        <Button size="small" fill="outline" onClick={() => set({ parts: [...draft.parts, { name: '', partCode: '', quantity: '1', unitPrice: '' }] })} data-testid="m-add-part">
          {t('m.report.addPart')}
        </Button>
      </div>

      <div className="m-row m-row-top">
        <div className="m-col">
          <label className="m-label">{t('m.report.labourMinutes')}</label>
          <Input value={draft.labourMinutes} onChange={(labourMinutes) => set({ labourMinutes })} inputMode="numeric" data-testid="m-labour-minutes" />
          <FieldError errors={errors} name="labourMinutes" />
        </div>
        <div className="m-col">
          <label className="m-label">{t('m.report.labourFee')}</label>
          <Input value={draft.labourFee} onChange={(labourFee) => set({ labourFee })} inputMode="decimal" data-testid="m-labour-fee" />
          <FieldError errors={errors} name="labourFee" />
        </div>
      </div>
      <div className="m-expected" data-testid="m-expected">
        {t('m.report.expected', { amount: formatFen(expected) })}
      </div>
      <label className="m-label">{t('m.report.feeCollected')}</label>
      <Input value={draft.feeCollected} onChange={(feeCollected) => set({ feeCollected })} inputMode="decimal" data-testid="m-fee-collected" />
      <FieldError errors={errors} name="feeCollected" />
      {showReason || draft.feeReason ? (
        <>
          <label className="m-label">{t('m.report.feeReason')}</label>
          <Input value={draft.feeReason} onChange={(feeReason) => set({ feeReason })} maxLength={500} data-testid="m-fee-reason" />
          <FieldError errors={errors} name="feeReason" />
        </>
      ) : null}
      <Button block color="primary" fill="outline" onClick={submit} disabled={disabled} data-testid="m-step-report">
        {t('m.step.report')}
      </Button>
    </div>
  );
}
