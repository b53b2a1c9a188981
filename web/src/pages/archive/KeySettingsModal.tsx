import { useState } from 'react';
import { Alert, App, Button, Descriptions, Divider, InputNumber, Modal, Space, Typography } from 'antd';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { canAccess } from '../../access';
import { archiveApi } from '../../api/archive';
import { useMe } from '../../auth/AuthContext';
import { fenToYuan, formatFen, yuanToFen } from '../../components/archive/money';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';

/** The key-customer rule: the yearly revenue threshold and the yearly review. */
export function KeySettingsModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const handleError = useApiError();
  const queryClient = useQueryClient();
  const canEdit = canAccess(me, 'settings.manage');
  const threshold = useQuery({ queryKey: ['key-threshold'], queryFn: archiveApi.customers.keyThreshold, enabled: open });
  const [amount, setAmount] = useState<number | null>(null);
  const [year, setYear] = useState<number>(new Date().getFullYear() - 1);
  const [busy, setBusy] = useState(false);
  const [review, setReview] = useState<{ year: number; thresholdFen: number; promoted: number; demoted: number } | null>(null);

  const save = async () => {
    const fen = yuanToFen(amount);
    if (fen === null || fen < 0) return;
    setBusy(true);
    try {
      await archiveApi.customers.setKeyThreshold(fen);
      await threshold.refetch();
      setAmount(null);
      void message.success(t('common.saved'));
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  };

  const runReview = async () => {
    setBusy(true);
    try {
      setReview(await archiveApi.customers.keyReview(year));
      void queryClient.invalidateQueries({ queryKey: ['customers'] });
    } catch (error) {
      handleError(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open={open} title={t('keyRule.title')} onCancel={onClose} footer={<Button onClick={onClose}>{t('common.close')}</Button>} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('keyRule.intro')}</Typography.Paragraph>
      <Descriptions column={1} size="small" items={[{ key: 'threshold', label: t('keyRule.threshold'), children: threshold.data ? formatFen(threshold.data.amountFen) : '…' }]} />
      {canEdit ? (
        <Space style={{ marginTop: 8 }} wrap>
          <InputNumber<number>
            min={0}
            precision={2}
            step={10000}
            prefix="¥"
            style={{ width: 200 }}
            placeholder={threshold.data ? String(fenToYuan(threshold.data.amountFen)) : ''}
            value={amount}
            onChange={setAmount}
            aria-label={t('keyRule.threshold')}
          />
          <Button onClick={() => void save()} loading={busy} disabled={amount === null}>
            {t('keyRule.saveThreshold')}
          </Button>
        </Space>
      ) : null}
      <Divider />
      <Space wrap>
        <span>{t('keyRule.reviewYear')}</span>
        <InputNumber<number> min={2000} max={2100} value={year} onChange={(value) => value && setYear(value)} />
        <Button type="primary" onClick={() => void runReview()} loading={busy}>
          {t('keyRule.runReview')}
        </Button>
      </Space>
      {review ? (
        <Alert
          style={{ marginTop: 12 }}
          type="success"
          showIcon
          title={t('keyRule.reviewResult', { year: review.year, threshold: formatFen(review.thresholdFen), promoted: review.promoted, demoted: review.demoted })}
        />
      ) : null}
    </Modal>
  );
}
