/** Today's (or tomorrow's) orders of the signed-in technician, in route order. */
import { useQuery } from '@tanstack/react-query';
import { useNavigate, useSearchParams } from 'react-router';
import { Button, CapsuleTabs, ErrorBlock, SpinLoading, Tag } from 'antd-mobile';
import { WORK_ORDER_STATUS_LABELS, type WorkOrderStatus } from '../../../contracts/dispatch';
import { fieldApi, type WorkOrderView } from '../api/field';
import { useI18n } from '../i18n';
import { shanghaiDateOffset } from '../time';
import { appointmentWindow, navigationUrl, telUrl, typeLabel } from './logic';
import { ORDERS_KEY, useOutbox } from './OutboxContext';

/** antd-mobile tag colours by status. */
export function statusColor(status: WorkOrderStatus): string {
  if (status === 'completed' || status === 'verified') return 'success';
  if (status === 'not_completed') return 'warning';
  if (status === 'cancelled' || status === 'waiting') return 'default';
  return 'primary';
}

export function StatusTag({ status }: { status: WorkOrderStatus }) {
  const { locale } = useI18n();
  return (
    <Tag color={statusColor(status)} fill="outline" data-testid="m-status">
      {WORK_ORDER_STATUS_LABELS[status][locale === 'en' ? 'en' : 'zh']}
    </Tag>
  );
}

function OrderCard({ order, day }: { order: WorkOrderView; day: string }) {
  const { t, locale } = useI18n();
  const navigate = useNavigate();
  const { steps } = useOutbox();
  const pending = steps.some((step) => step.workOrderId === order.id);
  const open = () => navigate(`/m/orders/${order.id}`);
  return (
    <div className="m-card" data-testid="m-order-card" role="link" tabIndex={0} onClick={open} onKeyDown={(event) => event.key === 'Enter' && open()}>
      <div className="m-card-head">
        <span className="m-number">
          {order.routeSeq !== null ? <span className="m-seq">{order.routeSeq}</span> : null}
          {order.number}
        </span>
        <span className="m-tags">
          {pending ? (
            <Tag color="warning" data-testid="m-card-pending">
              {t('m.pending')}
            </Tag>
          ) : null}
          <StatusTag status={order.status} />
        </span>
      </div>
      <div className="m-card-line">
        <Tag color="primary" fill="solid">
          {typeLabel(order.type, locale)}
        </Tag>
        {order.priority !== 'normal' ? (
          <Tag color={order.priority === 'urgent' ? 'danger' : 'warning'} fill="solid">
            {t(order.priority === 'urgent' ? 'm.priority.urgent' : 'm.priority.high')}
          </Tag>
        ) : null}
        <span className="m-window" data-testid="m-window">
          {appointmentWindow(order.windowStart, order.windowEnd, day)}
        </span>
      </div>
      <AddressAndContact order={order} />
    </div>
  );
}

/**
 * The address with 导航 and the contact with 拨打, as on the list card and the order page; the
 * links do not open the card they sit in.
 */
export function AddressAndContact({ order }: { order: WorkOrderView }) {
  const { t } = useI18n();
  const tel = telUrl(order.contactPhone);
  return (
    <>
      <div className="m-kv">
        <span>{t('m.address')}</span>
        <span>
          {order.address}{' '}
          <a className="m-link" href={navigationUrl(order)} target="_blank" rel="noreferrer" onClick={(event) => event.stopPropagation()} data-testid="m-nav">
            {t('m.navigate')}
          </a>
        </span>
      </div>
      <div className="m-kv">
        <span>{t('m.customer')}</span>
        <span>
          {order.contactName ?? order.customerName ?? '—'} {order.contactPhone ?? ''}{' '}
          {tel ? (
            <a className="m-link" href={tel} onClick={(event) => event.stopPropagation()} data-testid="m-call">
              {t('m.call')}
            </a>
          ) : null}
        </span>
      </div>
    </>
  );
}

export function OrderList() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const offset = params.get('day') === 'tomorrow' ? 1 : 0;
  const date = shanghaiDateOffset(offset);
  const query = useQuery({ queryKey: [...ORDERS_KEY, date], queryFn: () => fieldApi.orders(date), refetchInterval: 60_000 });

  return (
    <div>
      <CapsuleTabs activeKey={offset ? 'tomorrow' : 'today'} onChange={(key) => setParams(key === 'tomorrow' ? { day: 'tomorrow' } : {}, { replace: true })} className="m-tabs">
        <CapsuleTabs.Tab title={`${t('m.today')} ${shanghaiDateOffset(0).slice(5)}`} key="today" />
        <CapsuleTabs.Tab title={`${t('m.tomorrow')} ${shanghaiDateOffset(1).slice(5)}`} key="tomorrow" />
      </CapsuleTabs>
      {query.isPending ? (
        <div className="m-center">
          <SpinLoading />
        </div>
      ) : query.isError ? (
        <ErrorBlock status="default" title={t('m.loadFailed')} description="">
          <Button onClick={() => void query.refetch()}>{t('m.retry')}</Button>
        </ErrorBlock>
      ) : query.data.items.length === 0 ? (
        <ErrorBlock status="empty" title={t('m.ordersEmpty')} description="" data-testid="m-orders-empty">
          <Button onClick={() => void query.refetch()}>{t('m.refresh')}</Button>
        </ErrorBlock>
      ) : (
        <div className="m-list" data-testid="m-orders">
          {query.data.items.map((order) => (
            <OrderCard key={order.id} order={order} day={date} />
          ))}
        </div>
      )}
    </div>
  );
}
