/**
 * The self-check before completion (完工自检, issue 14): the checklist that applies to the order
 * (work type + category), yes/no and measured items with their allowed range, required marks,
 * items that need one of the order's photos. Submitted straight to the server (not through the
 * outbox: the answer decides whether 完工 will be accepted); a refusal names the item. Below it
 * the explanation for the 完工 button when the self-check is missing, stale or failed.
 */
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Input, Selector, Tag } from 'antd-mobile';
import { isApiError } from '../api/client';
import { photoUrl, type WorkOrderDetail } from '../api/field';
import { qualityApi, type ChecklistItem, type FieldSelfCheck, type SelfCheckBody } from '../api/quality';
import { buildSelfCheckBody, draftOf, EMPTY, errorsByItem, isInRange, parseMeasure, rangeText, type DraftAnswer, type Draft } from './selfCheckLogic';
import { useI18n, type TFunction } from '../i18n';
import { formatDateTime } from '../time';
import { useOutbox } from './OutboxContext';
import './quality.css';

export const selfCheckKey = (workOrderId: string) => ['m', 'self-check', workOrderId] as const;

function labelsOf(codes: readonly string[], items: readonly ChecklistItem[]): string {
  return codes.map((code) => items.find((item) => item.code === code)?.label ?? code).join('、');
}

/** The line above 完工: why the completion will be refused, or that it may go ahead. */
export function gateText(data: FieldSelfCheck, t: TFunction): { tone: 'warning' | 'error' | 'success'; text: string } | null {
  if (!data.checklist) return null;
  const saved = data.selfCheck;
  if (saved?.isStale) return { tone: 'warning', text: t('m.sc.gateStale') };
  if (!saved || saved.checklistId !== data.checklist.id) return { tone: 'warning', text: t('m.sc.gateMissing') };
  if (!saved.isPassed) return { tone: 'error', text: t('m.sc.gateFailed', { items: labelsOf(saved.failedItems, data.checklist.items) }) };
  return { tone: 'success', text: t('m.sc.passed', { time: formatDateTime(saved.submittedAt) }) };
}

function ItemRow({ item, entry, photos, orderId, error, onChange }: { item: ChecklistItem; entry: DraftAnswer; photos: WorkOrderDetail['photos']; orderId: string; error?: string; onChange: (next: DraftAnswer) => void }) {
  const { t } = useI18n();
  const range = rangeText(item);
  const measured = item.kind === 'measure' ? parseMeasure(entry.value) : null;
  const warning = measured === null ? null : Number.isNaN(measured) ? t('m.sc.notNumber') : isInRange(item, measured) ? null : t('m.sc.outOfRange');
  return (
    <div className="m-sc-item" data-testid={`m-sc-item-${item.code}`}>
      <div className="m-sc-label">
        {item.isRequired ? <span className="m-sc-required" aria-label={t('m.sc.required')}>*</span> : null}
        {item.label}
        {item.isPhotoRequired ? (
          <Tag color="primary" fill="outline" style={{ marginLeft: 6 }}>
            {t('m.sc.photoRequired')}
          </Tag>
        ) : null}
      </div>
      {item.kind === 'yes_no' ? (
        <Selector
          columns={2}
          value={entry.passed === null ? [] : [entry.passed ? 'yes' : 'no']}
          onChange={(selected) => onChange({ ...entry, passed: selected[0] === undefined ? null : selected[0] === 'yes' })}
          options={[
            { value: 'yes', label: t('m.sc.yes') },
            { value: 'no', label: t('m.sc.no') },
          ]}
          data-testid={`m-sc-yesno-${item.code}`}
        />
      ) : (
        <div className="m-sc-measure">
          <Input value={entry.value} onChange={(value) => onChange({ ...entry, value })} inputMode="decimal" placeholder={t('m.sc.value')} clearable data-testid={`m-sc-value-${item.code}`} />
          {item.unit ? <span className="m-muted">{item.unit}</span> : null}
        </div>
      )}
      {range ? <div className="m-muted">{t('m.sc.range', { range })}</div> : null}
      {warning ? <div className="m-warning">{warning}</div> : null}
      {item.isPhotoRequired ? (
        photos.length ? (
          <>
            <div className="m-muted">{t('m.sc.pickPhoto')}</div>
            <Selector
              columns={3}
              value={entry.photoId ? [entry.photoId] : []}
              onChange={(selected) => onChange({ ...entry, photoId: selected[0] ?? null })}
              options={photos.map((photo, index) => ({
                value: photo.id,
                label: (
                  <span className="m-sc-photo">
                    <img src={photoUrl(orderId, photo.id)} alt="" />
                    {t('m.sc.photo', { index: index + 1 })}
                  </span>
                ),
              }))}
              data-testid={`m-sc-photo-${item.code}`}
            />
          </>
        ) : (
          <div className="m-hint">
            {t('m.sc.noPhotos')}{' '}
            <button type="button" className="m-link-button" onClick={() => document.querySelector('[data-testid="m-step-photo"]')?.scrollIntoView({ behavior: 'smooth', block: 'center' })}>
              {t('m.sc.toPhotos')}
            </button>
          </div>
        )
      ) : null}
      {error ? (
        <div className="m-error" data-testid={`m-sc-error-${item.code}`}>
          {error}
        </div>
      ) : null}
    </div>
  );
}

/** The self-check section of an order in progress; nothing when no checklist applies. */
export function SelfCheck({ order }: { order: WorkOrderDetail }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const { rejections } = useOutbox();
  const query = useQuery({ queryKey: selfCheckKey(order.id), queryFn: () => qualityApi.selfCheck(order.id) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [itemErrors, setItemErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  // A refused 完工 (e.g. the checklist changed meanwhile): read the self-check again.
  const refusedCompletions = rejections.filter((item) => item.workOrderId === order.id && item.kind === 'complete').length;
  useEffect(() => {
    if (refusedCompletions) void queryClient.invalidateQueries({ queryKey: selfCheckKey(order.id) });
  }, [refusedCompletions, order.id, queryClient]);

  const submit = useMutation({
    mutationFn: (input: { body: SelfCheckBody; codes: string[] }) => qualityApi.submitSelfCheck(order.id, input.body),
    onSuccess: (data) => {
      queryClient.setQueryData(selfCheckKey(order.id), data);
      setDraft(null);
      setNotice(t('m.sc.submitted'));
    },
    onError: (error, input) => {
      const byItem = errorsByItem(error, input.codes);
      setItemErrors(byItem);
      setFormError(t('m.sc.refused', { message: isApiError(error) ? error.message : String(error) }));
    },
  });

  if (query.isPending) return null;
  // 404: the order is not (or no longer) the technician's — nothing to check here.
  if (query.isError && isApiError(query.error) && query.error.status === 404) return null;
  if (query.isError) {
    return (
      <div className="m-section m-pad">
        <div className="m-error">{t('m.sc.loadFailed')}</div>
        <Button size="small" onClick={() => void query.refetch()}>
          {t('m.retry')}
        </Button>
      </div>
    );
  }
  const data = query.data;
  const checklist = data.checklist;
  if (!checklist) return null;
  const current = draft ?? draftOf(data);
  const gate = gateText(data, t);
  const saved = data.selfCheck;

  const send = () => {
    setNotice(null);
    setFormError(null);
    const built = buildSelfCheckBody(checklist.items, current);
    if (built.badNumbers.length) {
      setItemErrors(Object.fromEntries(built.badNumbers.map((code) => [code, t('m.sc.notNumber')])));
      return;
    }
    setItemErrors({});
    submit.mutate({ body: built.body, codes: built.codes });
  };

  return (
    <div className="m-section m-pad" data-testid="m-selfcheck">
      <div className="m-section-title m-flush">
        {t('m.sc.title')} <span className="m-muted">· {checklist.name}</span>
      </div>
      {saved?.isStale ? <div className="m-warning">{t('m.sc.stale')}</div> : null}
      {checklist.items.map((item) => (
        <ItemRow
          key={item.code}
          item={item}
          entry={current[item.code] ?? EMPTY}
          photos={order.photos}
          orderId={order.id}
          error={itemErrors[item.code]}
          onChange={(next) => {
            setNotice(null);
            setDraft({ ...current, [item.code]: next });
          }}
        />
      ))}
      {formError ? (
        <div className="m-error" role="alert" data-testid="m-sc-refused">
          {formError}
        </div>
      ) : null}
      {notice ? <div className="m-success">{notice}</div> : null}
      <Button block color="primary" fill="outline" loading={submit.isPending} onClick={send} data-testid="m-sc-submit">
        {t('m.sc.submit')}
      </Button>
      {gate ? (
        <div className={gate.tone === 'success' ? 'm-success' : gate.tone === 'error' ? 'm-error' : 'm-warning'} data-testid="m-sc-gate">
          {gate.text}
        </div>
      ) : null}
    </div>
  );
}
