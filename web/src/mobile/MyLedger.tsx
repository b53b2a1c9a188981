/**
 * 我的奖惩 on the phone (issue 14): the technician's own rewards and penalties, read-only, with
 * one appeal of a proposed entry (the server refuses a second; the manager's decision settles it).
 */
import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { Button, ErrorBlock, Popup, SpinLoading, Tag, TextArea } from 'antd-mobile';
import { LEDGER_KIND_LABELS, LEDGER_STATUS_LABELS, LEDGER_TRIGGER_LABELS } from '../../../contracts/quality';
import { canAccess } from '../access';
import { isApiError } from '../api/client';
import { useAuth } from '../auth/AuthContext';
import { qualityApi, type LedgerEntryView } from '../api/quality';
import { formatFen } from '../components/archive/money';
import { useI18n } from '../i18n';
import { formatDateTime } from '../time';
import { BackBar } from './BackBar';
import './quality.css';

export const MY_LEDGER_KEY = ['m', 'ledger'] as const;

const STATUS_COLORS = { proposed: 'warning', approved: 'success', rejected: 'default' } as const;

/** An entry's amount and points in one line: "-¥200.00 · 5 分" for a penalty. */
export function entryAmount(entry: Pick<LedgerEntryView, 'kind' | 'amountFen' | 'points'>, pointsText: (points: number) => string): string {
  const sign = entry.kind === 'penalty' ? '-' : '+';
  const parts = [entry.amountFen ? `${sign}${formatFen(entry.amountFen)}` : null, entry.points ? `${sign}${pointsText(entry.points)}` : null];
  return parts.filter(Boolean).join(' · ') || '—';
}

function AppealPopup({ entry, onClose }: { entry: LedgerEntryView | null; onClose: () => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const appeal = useMutation({
    mutationFn: (input: { id: string; text: string }) => qualityApi.appeal(input.id, input.text),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: MY_LEDGER_KEY });
      setText('');
      onClose();
    },
    onError: (caught) => setError(isApiError(caught) ? caught.message : String(caught)),
  });
  return (
    <Popup visible={entry !== null} onMaskClick={onClose} bodyClassName="m-popup" destroyOnClose>
      <div className="m-popup-title">{t('m.ledger.appealTitle')}</div>
      <TextArea value={text} onChange={setText} placeholder={t('m.ledger.appealPlaceholder')} rows={4} maxLength={500} data-testid="m-appeal-text" />
      {error ? <div className="m-error">{error}</div> : null}
      <div className="m-row">
        <Button block onClick={onClose}>
          {t('m.cancel')}
        </Button>
        <Button block color="primary" disabled={!text.trim()} loading={appeal.isPending} onClick={() => {
            if (entry) appeal.mutate({ id: entry.id, text: text.trim() });
          }} data-testid="m-appeal-submit">
          {t('m.submit')}
        </Button>
      </div>
    </Popup>
  );
}

/** 我的奖惩 › under the technician's name in the header (the header's buttons leave no room on a phone). */
export function MyLedgerLink() {
  const { t } = useI18n();
  const { me } = useAuth();
  const navigate = useNavigate();
  if (!me || !canAccess(me, 'quality.ledger.read')) return null;
  return (
    <button type="button" className="m-header-ledger" data-testid="m-ledger-link" onClick={() => navigate('/m/ledger')}>
      {t('m.ledger.link')} ›
    </button>
  );
}

export function MyLedger() {
  const { t, locale } = useI18n();
  const lang = locale === 'en' ? 'en' : 'zh';
  const query = useQuery({ queryKey: MY_LEDGER_KEY, queryFn: () => qualityApi.myLedger({ page: 1, pageSize: 100 }) });
  const [appealing, setAppealing] = useState<LedgerEntryView | null>(null);
  const points = (value: number) => t('m.ledger.points', { points: value });
  return (
    <div data-testid="m-ledger">
      <BackBar title={t('m.ledger.title')} />
      {query.isPending ? (
        <div className="m-center">
          <SpinLoading />
        </div>
      ) : query.isError ? (
        <ErrorBlock status="default" title={t('m.loadFailed')} description="">
          <Button onClick={() => void query.refetch()}>{t('m.retry')}</Button>
        </ErrorBlock>
      ) : query.data.items.length === 0 ? (
        <ErrorBlock status="empty" title={t('m.ledger.empty')} description="" />
      ) : (
        <div className="m-list">
          {query.data.items.map((entry) => (
            <div key={entry.id} className="m-ledger-card" data-testid="m-ledger-entry">
              <div className="m-ledger-head">
                <span>
                  <Tag color={entry.kind === 'penalty' ? 'danger' : 'success'}>{LEDGER_KIND_LABELS[entry.kind][lang]}</Tag> {entry.ruleName}
                </span>
                <Tag color={STATUS_COLORS[entry.status]} fill="outline">
                  {LEDGER_STATUS_LABELS[entry.status][lang]}
                </Tag>
              </div>
              <div className={`m-ledger-amount ${entry.kind}`}>
                {entryAmount(entry, points)}
                {entry.multiplier > 1 ? <span className="m-muted"> · {t('m.ledger.multiplier', { n: entry.multiplier })}</span> : null}
              </div>
              <div>{entry.reason}</div>
              <div className="m-muted">
                {LEDGER_TRIGGER_LABELS[entry.trigger][lang]} · {formatDateTime(entry.proposedAt)}
              </div>
              {entry.decisionReason ? <div className="m-muted">{t('m.ledger.decision', { reason: entry.decisionReason })}</div> : null}
              {entry.appealText ? <div className="m-hint">{t('m.ledger.appealed', { time: formatDateTime(entry.appealedAt), text: entry.appealText })}</div> : null}
              {entry.status === 'proposed' && !entry.appealText ? (
                <Button size="small" fill="outline" onClick={() => setAppealing(entry)} data-testid="m-appeal">
                  {t('m.ledger.appeal')}
                </Button>
              ) : null}
            </div>
          ))}
        </div>
      )}
      <AppealPopup entry={appealing} onClose={() => setAppealing(null)} />
    </div>
  );
}
