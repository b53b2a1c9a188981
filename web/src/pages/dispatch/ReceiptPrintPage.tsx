/**
 * The printable service receipt (服务回执单, /print/receipt/:id), outside the main layout: one
 * A4/A5 sheet, black on white in print, with the ticket, customer, asset, work, parts, fees,
 * signature, technician and the workshop receipt when the unit was taken back.
 */
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { NOT_COMPLETED_LABELS, WORK_ORDER_STATUS_LABELS } from '../../../../contracts/dispatch';
import { fieldApi, type Receipt } from '../../api/field';
import { ErrorResult } from '../../components/ErrorResult';
import { formatFen } from '../../components/archive/money';
import { isApiError } from '../../api/client';
import { errorText } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { formatDateTime } from '../../time';
import { appointmentWindow, typeLabel } from '../../mobile/logic';
import './receipt.css';

const dash = (value: string | null | undefined) => (value === null || value === undefined || value === '' ? '—' : value);

function Row({ label, children, testId }: { label: string; children: React.ReactNode; testId?: string }) {
  return (
    <div className="rc-field" data-testid={testId}>
      <span className="rc-label">{label}</span>
      <span className="rc-value">{children}</span>
    </div>
  );
}

export function ReceiptSheet({ receipt }: { receipt: Receipt }) {
  const { t, locale } = useI18n();
  const lang = locale === 'en' ? 'en' : 'zh';
  const { workOrder, ticket, customer, asset } = receipt;
  const totalFen = receipt.feeExpectedFen;
  const workshopIn = receipt.workshop.find((entry) => entry.direction === 'in');
  const assetText = asset ? [asset.brand, asset.modelName, asset.modelCode && asset.modelCode !== asset.modelName ? `(${asset.modelCode})` : null].filter(Boolean).join(' ') : null;

  return (
    <article className="rc-sheet" data-testid="receipt-sheet">
      <header className="rc-head">
        <div className="rc-company">{t('app.name')}</div>
        <h1 className="rc-title">{t('serviceReceipt.title')}</h1>
        <div className="rc-numbers">
          <span data-testid="receipt-ticket">
            {t('serviceReceipt.ticketNumber')}：{ticket.number}
          </span>
          <span data-testid="receipt-workorder">
            {t('serviceReceipt.workOrderNumber')}：{workOrder.number}
          </span>
        </div>
      </header>

      <section className="rc-block rc-grid">
        <Row label={t('serviceReceipt.customer')} testId="receipt-customer">
          {dash(customer.name)}
          {customer.contactName && customer.contactName !== customer.name ? ` / ${t('serviceReceipt.contact')} ${customer.contactName}` : ''}
        </Row>
        <Row label={t('serviceReceipt.phone')}>{dash(customer.phone)}</Row>
        <Row label={t('serviceReceipt.address')}>{dash(customer.address)}</Row>
        <Row label={t('serviceReceipt.type')}>
          {typeLabel(workOrder.type, locale)} · {WORK_ORDER_STATUS_LABELS[workOrder.status][lang]}
        </Row>
        <Row label={t('serviceReceipt.asset')} testId="receipt-asset">
          {dash(assetText)}
        </Row>
        <Row label={t('serviceReceipt.serial')}>{dash(asset?.serialNumber)}</Row>
        <Row label={t('serviceReceipt.window')}>{appointmentWindow(workOrder.windowStart, workOrder.windowEnd, '')}</Row>
        <Row label={t('serviceReceipt.arrivedAt')}>{dash(formatDateTime(receipt.arrivedAt))}</Row>
        <Row label={t('serviceReceipt.startedAt')}>{dash(formatDateTime(receipt.startedAt))}</Row>
        <Row label={t('serviceReceipt.finishedAt')}>{dash(formatDateTime(receipt.finishedAt))}</Row>
      </section>

      <section className="rc-block">
        <Row label={t('serviceReceipt.fault')}>{dash([ticket.faultCategory, ticket.description].filter(Boolean).join(' · '))}</Row>
        <Row label={t('serviceReceipt.diagnosis')}>{dash(receipt.diagnosis)}</Row>
        <Row label={t('serviceReceipt.actualFault')}>{dash(receipt.actualFault)}</Row>
        <Row label={t('serviceReceipt.workDone')} testId="receipt-work-done">
          {dash(receipt.workDone)}
        </Row>
        {workOrder.notCompletedReason ? (
          <Row label={t('serviceReceipt.notCompleted')}>
            {NOT_COMPLETED_LABELS[workOrder.notCompletedReason][lang]}
            {workOrder.notCompletedNote ? ` · ${workOrder.notCompletedNote}` : ''}
          </Row>
        ) : null}
      </section>

      <section className="rc-block rc-avoid-break">
        <div className="rc-subtitle">{t('serviceReceipt.parts')}</div>
        <table className="rc-table" data-testid="receipt-parts">
          <thead>
            <tr>
              <th>{t('serviceReceipt.partName')}</th>
              <th>{t('serviceReceipt.partCode')}</th>
              <th className="rc-num">{t('serviceReceipt.quantity')}</th>
              <th className="rc-num">{t('serviceReceipt.unitPrice')}</th>
              <th className="rc-num">{t('serviceReceipt.amount')}</th>
            </tr>
          </thead>
          <tbody>
            {receipt.partsUsed.length === 0 ? (
              <tr>
                <td colSpan={5} className="rc-empty">
                  {t('serviceReceipt.noParts')}
                </td>
              </tr>
            ) : (
              receipt.partsUsed.map((part, index) => (
                <tr key={index} data-testid="receipt-part">
                  <td>
                    {part.name}
                    {part.serials.length ? <div className="rc-muted">{t('serviceReceipt.serials', { serials: part.serials.join('、') })}</div> : null}
                  </td>
                  <td>{dash(part.partCode)}</td>
                  <td className="rc-num">{part.quantity}</td>
                  <td className="rc-num">{formatFen(part.unitPriceFen)}</td>
                  <td className="rc-num">
                    {formatFen(part.amountFen)}
                    {part.isWarranty ? <span data-testid="receipt-part-warranty">（{t('serviceReceipt.warranty')}）</span> : null}
                  </td>
                </tr>
              ))
            )}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={4}>{t('serviceReceipt.partsTotal')}</td>
              <td className="rc-num" data-testid="receipt-parts-total">
                {formatFen(receipt.partsTotalFen)}
              </td>
            </tr>
            <tr>
              <td colSpan={4}>
                {t('serviceReceipt.labour')}
                {receipt.labourMinutes !== null ? t('serviceReceipt.labourMinutes', { minutes: receipt.labourMinutes }) : ''}
              </td>
              <td className="rc-num" data-testid="receipt-labour">
                {formatFen(receipt.labourFeeFen ?? 0)}
              </td>
            </tr>
            <tr className="rc-strong">
              <td colSpan={4}>{t('serviceReceipt.total')}</td>
              <td className="rc-num" data-testid="receipt-total">
                {formatFen(totalFen)}
              </td>
            </tr>
            <tr className="rc-strong">
              <td colSpan={4}>{t('serviceReceipt.collected')}</td>
              <td className="rc-num" data-testid="receipt-collected">
                {receipt.feeCollectedFen === null ? '—' : formatFen(receipt.feeCollectedFen)}
              </td>
            </tr>
            {receipt.feeReason ? (
              <tr>
                <td colSpan={5} data-testid="receipt-fee-reason">
                  {t('serviceReceipt.feeReason')}：{receipt.feeReason}
                </td>
              </tr>
            ) : null}
          </tfoot>
        </table>
      </section>

      {workshopIn ? (
        <section className="rc-block rc-avoid-break rc-workshop" data-testid="receipt-workshop">
          <div className="rc-subtitle">{t('serviceReceipt.workshop')}</div>
          <Row label={t('serviceReceipt.workshopNumber')}>
            <strong>{workshopIn.receiptNumber}</strong> · {formatDateTime(workshopIn.at)}
          </Row>
          <Row label={t('serviceReceipt.workshopUnit')}>{workshopIn.unitDescription}</Row>
          <Row label={t('serviceReceipt.workshopCondition')}>{dash(workshopIn.condition)}</Row>
        </section>
      ) : null}

      <section className="rc-block rc-avoid-break rc-sign">
        <div className="rc-sign-box">
          <div className="rc-label">{t('serviceReceipt.signature')}</div>
          {receipt.hasSignature && receipt.signatureUrl ? (
            <img className="rc-signature" src={receipt.signatureUrl} alt={t('serviceReceipt.signature')} data-testid="receipt-signature" />
          ) : (
            <div className="rc-signature rc-signature-empty">{t('serviceReceipt.noSignature')}</div>
          )}
          <div className="rc-small">
            {t('serviceReceipt.signedAt')}：{dash(formatDateTime(receipt.signedAt))}
          </div>
        </div>
        <div className="rc-sign-box">
          <Row label={t('serviceReceipt.technician')} testId="receipt-technician">
            {dash(receipt.technicianName)}
          </Row>
          <Row label={t('serviceReceipt.outlet')}>{dash(receipt.outletName)}</Row>
        </div>
      </section>

      <footer className="rc-foot">
        <span>{t('serviceReceipt.thanks')}</span>
        <span>
          {t('serviceReceipt.generatedAt')}：{formatDateTime(receipt.generatedAt)}
        </span>
      </footer>
    </article>
  );
}

export function ReceiptPrintPage() {
  const { t, locale } = useI18n();
  const { id = '' } = useParams();
  const query = useQuery({ queryKey: ['receipt', id], queryFn: () => fieldApi.receipt(id) });

  if (query.isError) {
    const status = isApiError(query.error) ? query.error.status : 0;
    if (status === 404 || status === 403) return <ErrorResult kind={status === 404 ? 'notFound' : 'forbidden'} />;
    return (
      <div className="rc-page">
        <div className="rc-loading" role="alert">
          {t('common.error')}：{errorText(query.error, t, locale)}{' '}
          <button type="button" className="rc-button" onClick={() => void query.refetch()}>
            {t('common.retry')}
          </button>
        </div>
      </div>
    );
  }
  return (
    <div className="rc-page">
      <div className="rc-toolbar">
        <button type="button" className="rc-button" onClick={() => window.history.back()}>
          {t('serviceReceipt.back')}
        </button>
        <button type="button" className="rc-button rc-primary" onClick={() => window.print()} disabled={!query.data} data-testid="receipt-print">
          {t('serviceReceipt.print')}
        </button>
      </div>
      {query.data ? <ReceiptSheet receipt={query.data} /> : <div className="rc-loading">{t('common.loading')}</div>}
    </div>
  );
}
