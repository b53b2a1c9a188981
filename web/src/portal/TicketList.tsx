import { useQuery } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { Button, ErrorBlock, List, SpinLoading, Tag } from 'antd-mobile';
import type { TicketStatus } from '../../../contracts/tickets';
import { portalApi } from './api';
import { statusLabel, typeLabel, usePortalI18n } from './i18n';
import { shortTime } from './logic';

export const TICKETS_KEY = ['portal', 'tickets'] as const;

const CLOSED: readonly TicketStatus[] = ['resolved', 'closed', 'cancelled'];

export function isOpenStatus(status: TicketStatus): boolean {
  return !CLOSED.includes(status);
}

/** antd-mobile Tag colours: blue while worked on, orange while waiting, green resolved, grey closed. */
export function statusColor(status: TicketStatus): string {
  if (status === 'resolved') return 'success';
  if (status === 'closed' || status === 'cancelled') return 'default';
  if (status.startsWith('waiting_')) return 'warning';
  return 'primary';
}

export function StatusTag({ status }: { status: TicketStatus }) {
  const { locale } = usePortalI18n();
  return (
    <Tag color={statusColor(status)} fill="outline" data-testid="portal-status">
      {statusLabel(status, locale)}
    </Tag>
  );
}

/** 我的服务单: newest first, each with status, type, description and the promised contact time. */
export function TicketList({ onNew }: { onNew: () => void }) {
  const { t, locale } = usePortalI18n();
  const navigate = useNavigate();
  const query = useQuery({ queryKey: TICKETS_KEY, queryFn: portalApi.tickets });

  if (query.isPending) {
    return (
      <div className="portal-center">
        <SpinLoading />
      </div>
    );
  }
  if (query.isError) {
    return (
      <ErrorBlock status="default" title={t('error.generic')} description="">
        <Button onClick={() => void query.refetch()}>{t('list.refresh')}</Button>
      </ErrorBlock>
    );
  }
  const items = [...query.data.items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  if (!items.length) {
    return (
      <ErrorBlock status="empty" title={t('list.empty')} description="" data-testid="portal-tickets-empty">
        <Button color="primary" onClick={onNew}>
          {t('list.emptyAction')}
        </Button>
      </ErrorBlock>
    );
  }
  return (
    <List className="portal-list" data-testid="portal-tickets">
      {items.map((ticket) => (
        <List.Item
          key={ticket.id}
          arrow
          clickable
          data-testid={`portal-ticket-${ticket.number}`}
          onClick={() => navigate(`/portal/tickets/${ticket.id}`)}
          description={
            <>
              <div className="portal-desc">{ticket.description}</div>
              <div className="portal-muted">
                {typeLabel(ticket.type, locale)} · {t('list.createdAt', { time: shortTime(ticket.createdAt, locale) })}
              </div>
              {isOpenStatus(ticket.status) && <div className="portal-promise">{t('list.promise', { time: shortTime(ticket.promisedFeedbackAt, locale) })}</div>}
            </>
          }
        >
          <div className="portal-ticket-head">
            <span className="portal-ticket-number">{ticket.number}</span>
            <StatusTag status={ticket.status} />
          </div>
        </List.Item>
      ))}
    </List>
  );
}
