/** 待同步: how many steps wait for the connection, and the steps the server refused. */
import { Button, NoticeBar } from 'antd-mobile';
import { useI18n, type MessageKey } from '../i18n';
import { useOutbox } from './OutboxContext';
import type { StepKind } from './outbox';

export function stepLabelKey(kind: StepKind): MessageKey {
  return `m.step.${kind}` as MessageKey;
}

export function SyncBar() {
  const { t } = useI18n();
  const { steps, rejections, dismiss, retry } = useOutbox();
  return (
    <>
      {steps.length > 0 ? (
        <NoticeBar
          color="alert"
          wrap
          data-testid="m-pending"
          content={t('m.pendingCount', { count: steps.length })}
          extra={
            <Button size="mini" onClick={retry} data-testid="m-pending-retry">
              {t('m.pendingRetry')}
            </Button>
          }
        />
      ) : null}
      {rejections.map((item) => (
        <NoticeBar
          key={item.clientStepId}
          color="error"
          wrap
          data-testid="m-rejected"
          content={t('m.rejected', { step: t(stepLabelKey(item.kind)), message: item.message })}
          extra={
            <Button size="mini" onClick={() => dismiss(item.clientStepId)}>
              {t('m.dismiss')}
            </Button>
          }
        />
      ))}
    </>
  );
}
