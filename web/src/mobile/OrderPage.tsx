/**
 * One order on the phone: what to know before the visit (address, window, customer, materials
 * to bring) and the steps allowed now. Every step goes through the outbox: it is shown as 待同步
 * until the server answered, and the buttons follow the status the order will have then.
 */
import { useRef, useState } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { Button, ErrorBlock, Input, Popup, Selector, SpinLoading, Steps, Tag, TextArea } from 'antd-mobile';
import { NOT_COMPLETED_LABELS, NOT_COMPLETED_REASONS, WORK_ORDER_STATUS_LABELS, workOrderEventLabel, type NotCompletedReason } from '../../../contracts/dispatch';
import { fieldApi, type WorkOrderDetail } from '../api/field';
import { formatDateTime } from '../time';
import { useI18n } from '../i18n';
import { BackBar } from './BackBar';
import { shanghaiToday } from '../time';
import { allowedSteps, appointmentWindow, typeLabel, type StepButton } from './logic';
import { effectiveStatus, type StepKind } from './outbox';
import { orderKey, useOutbox } from './OutboxContext';
import { OrderParts, PartLineExtras, StockPicker } from './MobileParts';
import { ReportForm } from './ReportForm';
import { SignaturePad } from './SignaturePad';
import { stepLabelKey } from './SyncBar';
import { AddressAndContact, StatusTag } from './OrderList';
import { SelfCheck } from './SelfCheck';
import { BillPanel } from '../pages/billing/BillPanel';

/** Steps shown in the top card (the ones before work starts). */
const TOP_STEPS: readonly StepButton[] = ['accept', 'on_the_way', 'arrived', 'start', 'decline'];

/** The position when the phone gives it within a few seconds; null otherwise (arrival is still recorded). */
export function currentPosition(timeoutMs = 8000): Promise<{ latitude: number; longitude: number } | null> {
  return new Promise((resolve) => {
    if (typeof navigator === 'undefined' || !navigator.geolocation) {
      resolve(null);
      return;
    }
    const timer = setTimeout(() => resolve(null), timeoutMs + 500);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        clearTimeout(timer);
        resolve({ latitude: position.coords.latitude, longitude: position.coords.longitude });
      },
      () => {
        clearTimeout(timer);
        resolve(null);
      },
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}

/** A photo made small enough to queue (JPEG, longest side 1600 px); the original when the browser cannot redraw it. */
export async function photoDataUrl(file: File, maxSide = 1600): Promise<string> {
  const original = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
  try {
    const image = await new Promise<HTMLImageElement>((resolve, reject) => {
      const element = new Image();
      element.onload = () => resolve(element);
      element.onerror = () => reject(new Error('decode failed'));
      element.src = original;
    });
    const scale = Math.min(1, maxSide / Math.max(image.naturalWidth, image.naturalHeight));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(image.naturalWidth * scale));
    canvas.height = Math.max(1, Math.round(image.naturalHeight * scale));
    const context = canvas.getContext('2d');
    if (!context) return original;
    context.drawImage(image, 0, 0, canvas.width, canvas.height);
    const smaller = canvas.toDataURL('image/jpeg', 0.82);
    return smaller.startsWith('data:image/jpeg;base64,') && smaller.length < original.length ? smaller : original;
  } catch {
    return original;
  }
}

const EVENT_STEPS: Record<string, StepKind> = { report_saved: 'report', signed: 'signature', photo_added: 'photo' };

/** A timeline entry's title: the status it moved to, or the step it records. */
function eventTitle(event: WorkOrderDetail['events'][number], lang: 'zh' | 'en', t: ReturnType<typeof useI18n>['t']): string {
  if (event.toStatus) return WORK_ORDER_STATUS_LABELS[event.toStatus][lang];
  const step = EVENT_STEPS[event.kind];
  return step ? t(stepLabelKey(step)) : (workOrderEventLabel(event.kind, lang) ?? event.kind);
}

function DeclinePopup({ visible, onClose, onSubmit }: { visible: boolean; onClose: () => void; onSubmit: (reason: string) => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  return (
    <Popup visible={visible} onMaskClick={onClose} bodyClassName="m-popup" destroyOnClose>
      <div className="m-popup-title">{t('m.declineTitle')}</div>
      <TextArea value={reason} onChange={setReason} placeholder={t('m.declinePlaceholder')} rows={3} maxLength={500} data-testid="m-decline-reason" />
      <div className="m-row">
        <Button block onClick={onClose}>
          {t('m.cancel')}
        </Button>
        <Button block color="danger" disabled={!reason.trim()} onClick={() => onSubmit(reason.trim())} data-testid="m-decline-submit">
          {t('m.submit')}
        </Button>
      </div>
    </Popup>
  );
}

type NotCompletedValues = { reason: NotCompletedReason; note: string; unitDescription: string; condition: string };

function NotCompletedPopup({ visible, onClose, onSubmit }: { visible: boolean; onClose: () => void; onSubmit: (values: NotCompletedValues) => void }) {
  const { t, locale } = useI18n();
  const [values, setValues] = useState<NotCompletedValues>({ reason: 'parts_needed', note: '', unitDescription: '', condition: '' });
  const [error, setError] = useState<string | null>(null);
  const submit = () => {
    if (values.reason === 'workshop' && !values.unitDescription.trim()) {
      setError(t('m.unitRequired'));
      return;
    }
    onSubmit(values);
  };
  return (
    <Popup visible={visible} onMaskClick={onClose} bodyClassName="m-popup" destroyOnClose>
      <div className="m-popup-title">{t('m.notCompletedTitle')}</div>
      <Selector
        columns={2}
        value={[values.reason]}
        onChange={(selected) => selected[0] && setValues((current) => ({ ...current, reason: selected[0] }))}
        options={NOT_COMPLETED_REASONS.map((reason) => ({ value: reason, label: NOT_COMPLETED_LABELS[reason][locale === 'en' ? 'en' : 'zh'] }))}
        data-testid="m-nc-reason"
      />
      <label className="m-label">{t('m.notCompletedNote')}</label>
      <TextArea value={values.note} onChange={(note) => setValues((current) => ({ ...current, note }))} rows={2} maxLength={2000} data-testid="m-nc-note" />
      {values.reason === 'workshop' ? (
        <>
          <label className="m-label">{t('m.unitDescription')}</label>
          <Input value={values.unitDescription} onChange={(unitDescription) => setValues((current) => ({ ...current, unitDescription }))} maxLength={500} data-testid="m-nc-unit" />
          <label className="m-label">{t('m.unitCondition')}</label>
          <Input value={values.condition} onChange={(condition) => setValues((current) => ({ ...current, condition }))} maxLength={500} data-testid="m-nc-condition" />
        </>
      ) : null}
      {error ? <div className="m-error">{error}</div> : null}
      <div className="m-row">
        <Button block onClick={onClose}>
          {t('m.cancel')}
        </Button>
        <Button block color="warning" onClick={submit} data-testid="m-nc-submit">
          {t('m.submit')}
        </Button>
      </div>
    </Popup>
  );
}

function WorkshopReceipt({ order }: { order: WorkOrderDetail }) {
  const { t } = useI18n();
  const receipt = useQuery({ queryKey: ['m', 'receipt', order.id, order.version], queryFn: () => fieldApi.receipt(order.id) });
  const entry = receipt.data?.workshop.find((item) => item.direction === 'in');
  if (!entry) return null;
  return (
    <div className="m-workshop" data-testid="m-workshop-receipt">
      <div className="m-workshop-number">{t('m.workshopReceipt', { number: entry.receiptNumber })}</div>
      <div className="m-hint">{t('m.workshopReceiptHint')}</div>
    </div>
  );
}

export function OrderDetailView({ order }: { order: WorkOrderDetail }) {
  const { t, locale } = useI18n();
  const { steps, submit } = useOutbox();
  const [popup, setPopup] = useState<'decline' | 'not_completed' | null>(null);
  const [locating, setLocating] = useState(false);
  const [photoError, setPhotoError] = useState<string | null>(null);
  const fileRef = useRef<HTMLInputElement | null>(null);
  const queryClient = useQueryClient();
  const pending = steps.filter((step) => step.workOrderId === order.id);
  // The cache holds the server's answer as soon as a step is applied, while react-query tells the
  // component a tick later than the outbox does: read it here so the buttons (and the report
  // form) never fall back to the old status for one render.
  const latestStatus = queryClient.getQueryData<WorkOrderDetail>(orderKey(order.id))?.status ?? order.status;
  const status = effectiveStatus(latestStatus, pending);
  const allowed = allowedSteps(status);
  const has = (step: StepButton) => allowed.includes(step);
  const lang = locale === 'en' ? 'en' : 'zh';
  const pendingSignature = pending.some((step) => step.kind === 'signature');
  const pendingPhotos = pending.filter((step) => step.kind === 'photo').length;

  const arrive = async () => {
    setLocating(true);
    const position = await currentPosition();
    setLocating(false);
    submit(order.id, 'arrived', position ? { latitude: position.latitude, longitude: position.longitude } : {});
  };

  const addPhoto = async (file: File | undefined) => {
    setPhotoError(null);
    if (!file) return;
    try {
      submit(order.id, 'photo', { dataUrl: await photoDataUrl(file) });
    } catch {
      setPhotoError(t('m.photoFailed'));
    }
  };

  const stepButton = (step: StepButton, color: 'primary' | 'success' | 'warning' | 'danger' | 'default', onClick: () => void, loading = false) =>
    has(step) ? (
      <Button key={step} block size="large" color={color} onClick={onClick} loading={loading} data-testid={`m-step-${step}`}>
        {t(stepLabelKey(step))}
      </Button>
    ) : null;

  return (
    <div data-testid="m-order">
      <BackBar title={order.number} right={<StatusTag status={order.status} />} />

      <div className="m-section m-pad">
        <div className="m-card-line">
          <Tag color="primary" fill="solid">
            {typeLabel(order.type, locale)}
          </Tag>
          <span className="m-window">{appointmentWindow(order.windowStart, order.windowEnd, shanghaiToday())}</span>
        </div>
        <AddressAndContact order={order} />
        <div className="m-kv">
          <span>{t('m.ticket')}</span>
          <span>{order.ticketNumber}</span>
        </div>
        {order.note ? (
          <div className="m-kv">
            <span>{t('m.note')}</span>
            <span>{order.note}</span>
          </div>
        ) : null}
        {order.notCompletedReason ? (
          <div className="m-warning">
            {t('m.notCompletedReason', { reason: NOT_COMPLETED_LABELS[order.notCompletedReason][lang] })}
            {order.notCompletedNote ? ` · ${order.notCompletedNote}` : ''}
          </div>
        ) : null}
      </div>

      <div className="m-section" data-testid="m-materials">
        <div className="m-section-title">{t('m.materials')}</div>
        {order.materials.length === 0 ? (
          <div className="m-pad m-muted">{t('m.materialsEmpty')}</div>
        ) : (
          <ul className="m-materials">
            {order.materials.map((material, index) => (
              <li key={index}>
                <span>
                  {material.name}
                  {material.partCode ? <span className="m-muted"> {material.partCode}</span> : null}
                </span>
                <span>
                  ×{material.quantity}
                  {material.isConfirmed ? (
                    <Tag color="success" fill="outline" style={{ marginLeft: 6 }}>
                      {t('m.materialConfirmed')}
                    </Tag>
                  ) : null}
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>

      <OrderParts order={order} />

      {pending.length > 0 ? (
        <div className="m-section m-pad" data-testid="m-order-pending">
          {pending.map((step) => (
            <div key={step.clientStepId} className="m-pending-step">
              <Tag color="warning">{t('m.pending')}</Tag> {t(stepLabelKey(step.kind))}
            </div>
          ))}
        </div>
      ) : null}

      {order.notCompletedReason === 'workshop' ? <WorkshopReceipt order={order} /> : null}

      {/* The first steps; once work has started the report, photos, signature and completion take over below. */}
      {allowed.length === 0 || TOP_STEPS.some(has) ? (
        <div className="m-section m-pad m-steps" data-testid="m-steps">
          <div className="m-section-title m-flush">{t('m.stepsTitle')}</div>
          {allowed.length === 0 ? <div className="m-muted">{t('m.noSteps')}</div> : null}
          {stepButton('accept', 'primary', () => submit(order.id, 'accept'))}
          {stepButton('on_the_way', 'primary', () => submit(order.id, 'on_the_way'))}
          {stepButton('arrived', 'primary', () => void arrive(), locating)}
          {stepButton('start', 'primary', () => submit(order.id, 'start'))}
          {stepButton('decline', 'default', () => setPopup('decline'))}
        </div>
      ) : null}

      {/* 报价与收费 (issue 13): shown before the start for the customer to confirm, re-priced on site. */}
      <div className="m-section" data-testid="m-bill">
        <BillPanel workOrderId={order.id} compact />
      </div>

      {has('report') ? (
        <div className="m-section">
          <div className="m-section-title">{t('m.report.title')}</div>
          <ReportForm
            key={order.id}
            result={order.result}
            onSubmit={(body) => submit(order.id, 'report', body)}
            renderStockPicker={(add) => <StockPicker assetId={order.assetId} onPick={add} />}
            renderPartExtras={(line, change) => <PartLineExtras line={line} onChange={change} />}
          />
        </div>
      ) : null}

      {has('photo') ? (
        <div className="m-section m-pad">
          <div className="m-section-title m-flush">{t('m.photos')}</div>
          <div className="m-muted">{t('m.photoCount', { count: order.photos.length })}{pendingPhotos ? ` · ${t('m.pending')} ${pendingPhotos}` : ''}</div>
          <input
            ref={fileRef}
            type="file"
            accept="image/*"
            capture="environment"
            className="m-file"
            data-testid="m-photo-input"
            onChange={(event) => {
              void addPhoto(event.target.files?.[0]);
              event.target.value = '';
            }}
          />
          <Button block fill="outline" onClick={() => fileRef.current?.click()} data-testid="m-step-photo">
            {t('m.photoTake')}
          </Button>
          {photoError ? <div className="m-error">{photoError}</div> : null}
        </div>
      ) : null}

      {has('signature') ? (
        <div className="m-section m-pad">
          <div className="m-section-title m-flush">{t('m.signature')}</div>
          {order.hasSignature ? <div className="m-success" data-testid="m-signed">{t('m.signatureDone', { time: formatDateTime(order.signedAt) })}</div> : null}
          {pendingSignature ? <Tag color="warning">{t('m.pending')}</Tag> : null}
          <SignaturePad onConfirm={(dataUrl) => submit(order.id, 'signature', { dataUrl })} />
        </div>
      ) : null}

      {/* The self-check (issue 14) just before 完工, which it gates. */}
      {has('complete') ? <SelfCheck order={order} /> : null}

      {has('complete') || has('not_completed') ? (
        <div className="m-section m-pad m-steps">
          {has('complete') ? <div className="m-hint">{t('m.completeHint')}</div> : null}
          {stepButton('complete', 'success', () => submit(order.id, 'complete'))}
          {stepButton('not_completed', 'warning', () => setPopup('not_completed'))}
        </div>
      ) : null}

      {order.status === 'completed' || order.status === 'verified' || order.status === 'not_completed' ? (
        <div className="m-section m-pad">
          <Link to={`/print/receipt/${order.id}`} className="m-link" data-testid="m-receipt-link" reloadDocument>
            {t('m.receipt')}
          </Link>
        </div>
      ) : null}

      {order.events.length > 0 ? (
        <div className="m-section m-pad">
          <div className="m-section-title m-flush">{t('m.timeline')}</div>
          <Steps direction="vertical" current={order.events.length - 1}>
            {[...order.events].map((event) => (
              <Steps.Step
                key={event.id}
                title={eventTitle(event, lang, t)}
                description={`${formatDateTime(event.at)}${event.actorName ? ` · ${event.actorName}` : ''}${event.text ? ` · ${event.text}` : ''}`}
              />
            ))}
          </Steps>
        </div>
      ) : null}

      <DeclinePopup
        visible={popup === 'decline'}
        onClose={() => setPopup(null)}
        onSubmit={(reason) => {
          setPopup(null);
          submit(order.id, 'decline', { reason });
        }}
      />
      <NotCompletedPopup
        visible={popup === 'not_completed'}
        onClose={() => setPopup(null)}
        onSubmit={(values) => {
          setPopup(null);
          submit(order.id, 'not_completed', {
            reason: values.reason,
            note: values.note.trim() || null,
            ...(values.reason === 'workshop' ? { unitDescription: values.unitDescription.trim(), condition: values.condition.trim() || null } : {}),
          });
        }}
      />
    </div>
  );
}

export function OrderPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: orderKey(id), queryFn: () => fieldApi.order(id) });
  if (query.isPending) {
    return (
      <div className="m-center">
        <SpinLoading />
      </div>
    );
  }
  if (query.isError) {
    return (
      <>
        <BackBar title="" />
        <ErrorBlock status="default" title={t('m.loadFailed')} description="">
          <Button onClick={() => void query.refetch()}>{t('m.retry')}</Button>
        </ErrorBlock>
      </>
    );
  }
  return <OrderDetailView order={query.data} />;
}
