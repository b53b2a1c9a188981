import { useQuery } from '@tanstack/react-query';
import { useNavigate, useParams } from 'react-router';
import { Button, ErrorBlock, NavBar, NoticeBar, SpinLoading, Steps } from 'antd-mobile';
import type { Locale } from '../i18n';
import { isPortalApiError, portalApi, type PortalClock, type PortalEvent } from './api';
import { statusLabel, typeLabel, usePortalI18n, type PortalT } from './i18n';
import { fullTime, shortTime, timeWindow } from './logic';
import { isOpenStatus, StatusTag } from './TicketList';

/** The title of a timeline entry (the customer sees only customer-visible events). */
export function eventTitle(event: PortalEvent, t: PortalT, locale: Locale): string {
  if (event.kind === 'created') return t('event.created');
  if (event.kind === 'note') return t('event.note');
  if (event.toStatus) return t('event.status', { status: statusLabel(event.toStatus, locale) });
  return t('event.other');
}

/** The event's text, unless it merely repeats the title (the server's "受理单号 SH…" stays). */
function eventText(event: PortalEvent): string | null {
  return event.text && event.text.trim() ? event.text : null;
}

export function clockLine(clock: PortalClock, t: PortalT, locale: Locale): string {
  const label = t(`clock.${clock.kind}`);
  if (clock.status === 'met') return t('clock.met', { label });
  return t('clock.due', { label, time: shortTime(clock.dueAt, locale) });
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="portal-kv">
      <span>{label}</span>
      <span>{children}</span>
    </div>
  );
}

/** One ticket: status, promised contact time, technician, the timeline of customer-visible events. */
export function TicketDetailView() {
  const { id = '' } = useParams();
  const { t, locale } = usePortalI18n();
  const navigate = useNavigate();
  const query = useQuery({ queryKey: ['portal', 'ticket', id], queryFn: () => portalApi.ticket(id) });
  const back = () => navigate('/portal');

  const nav = (
    <NavBar onBack={back} backIcon backArrow style={{ background: '#fff' }}>
      {t('detail.title')}
    </NavBar>
  );
  if (query.isPending) {
    return (
      <>
        {nav}
        <div className="portal-center">
          <SpinLoading />
        </div>
      </>
    );
  }
  if (query.isError) {
    const notFound = isPortalApiError(query.error) && (query.error.status === 404 || query.error.status === 400);
    return (
      <>
        {nav}
        <ErrorBlock status={notFound ? 'empty' : 'default'} title={notFound ? t('error.notFound') : t('error.generic')} description="">
          <Button onClick={back}>{t('detail.back')}</Button>
        </ErrorBlock>
      </>
    );
  }
  const ticket = query.data;
  const open = isOpenStatus(ticket.status);
  const events = [...ticket.events].sort((a, b) => a.at.localeCompare(b.at));
  const clocks = ticket.clocks.filter((clock) => open && clock.status !== 'met');
  const preferred = timeWindow(ticket.preferredFrom, ticket.preferredTo, locale);

  return (
    <div data-testid="portal-ticket-detail">
      {nav}
      {open && (
        <NoticeBar
          color="info"
          wrap
          data-testid="portal-promise"
          content={t('detail.promise', { time: shortTime(ticket.promisedFeedbackAt, locale) })}
        />
      )}
      <div className="portal-section portal-pad">
        <div className="portal-ticket-head">
          <span className="portal-ticket-number" data-testid="portal-detail-number">
            {ticket.number}
          </span>
          <StatusTag status={ticket.status} />
        </div>
        <div style={{ marginTop: 8 }} data-testid="portal-technician">
          {ticket.technicianName ? t('detail.technician', { name: ticket.technicianName }) : t('detail.technicianPending')}
        </div>
        <div style={{ marginTop: 8 }}>
          <Row label={t('detail.type')}>{typeLabel(ticket.type, locale)}</Row>
          <Row label={t('detail.createdAt')}>{fullTime(ticket.createdAt)}</Row>
          {ticket.address && <Row label={t('detail.address')}>{ticket.address}</Row>}
          {preferred && <Row label={t('detail.preferred')}>{preferred}</Row>}
          <Row label={t('detail.description')}>{ticket.description}</Row>
        </div>
      </div>
      {clocks.length > 0 && (
        <div className="portal-section portal-pad" data-testid="portal-clocks">
          <div className="portal-muted" style={{ marginBottom: 4 }}>
            {t('detail.deadlines')}
          </div>
          {clocks.map((clock) => (
            <div key={clock.kind} style={{ fontSize: 14, padding: '2px 0' }}>
              {clockLine(clock, t, locale)}
            </div>
          ))}
        </div>
      )}
      <div className="portal-section portal-pad" data-testid="portal-timeline">
        <div className="portal-muted" style={{ marginBottom: 8 }}>
          {t('detail.timeline')}
        </div>
        {events.length === 0 ? (
          <div className="portal-muted">{t('detail.noEvents')}</div>
        ) : (
          <Steps direction="vertical" current={events.length - 1}>
            {events.map((event, index) => {
              const text = eventText(event);
              return (
                <Steps.Step
                  key={event.id ?? `${event.at}-${index}`}
                  status={index === events.length - 1 ? 'process' : 'finish'}
                  title={eventTitle(event, t, locale)}
                  description={
                    <>
                      <div>{fullTime(event.at)}</div>
                      {text && (
                        <div className="portal-note" data-testid="portal-event-text">
                          {text}
                        </div>
                      )}
                    </>
                  }
                />
              );
            })}
          </Steps>
        )}
      </div>
    </div>
  );
}
