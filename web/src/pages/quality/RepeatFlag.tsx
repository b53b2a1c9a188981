/**
 * The repeat-repair flag on the ticket page (返修：上次 2026-10-01 王强 更换电容): asked with
 * GET /api/quality/tickets/:id/repeat when the user has quality.read (the flag lives in quality's
 * tables; tickets does not know it). Links the earlier work order; a cleared flag is shown as such.
 */
import { Alert, Space, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { canAccess } from '../../access';
import { qualityApi } from '../../api/quality';
import { useMe } from '../../auth/AuthContext';
import { useI18n } from '../../i18n';

export function RepeatFlag({ ticketId }: { ticketId: string }) {
  const { t } = useI18n();
  const me = useMe();
  const enabled = canAccess(me, 'quality.read');
  const query = useQuery({ queryKey: ['quality', 'ticket-repeat', ticketId], queryFn: () => qualityApi.ticketRepeat(ticketId), enabled });
  const flag = query.data?.flag;
  if (!enabled || !flag) return null;
  return (
    <Alert
      type={flag.isCleared ? 'info' : 'error'}
      showIcon
      style={{ marginBottom: 16 }}
      data-testid="ticket-repeat-flag"
      title={
        <Space wrap>
          <Typography.Text strong delete={flag.isCleared}>
            {flag.summary}
          </Typography.Text>
          <Link to={`/work-orders/${flag.earlierWorkOrderId}`}>{flag.earlierWorkOrderNumber}</Link>
          <Typography.Text type="secondary">{t('quality.repeat.daysSince', { days: flag.daysSince })}</Typography.Text>
          {flag.isCleared ? <Typography.Text type="secondary">{t('quality.repeat.cleared', { reason: flag.clearReason ?? '' })}</Typography.Text> : null}
        </Space>
      }
    />
  );
}
