import { Button, Flex, Result, Spin } from 'antd';
import { isApiError } from '../../api/client';
import { useI18n } from '../../i18n';
import { ErrorResult } from '../ErrorResult';
import { errorText } from '../useApiError';

/** What a detail page shows instead of its record: a spinner, 404/403, or the error with a retry. */
export function LoadFailure({ error, retry }: { error: unknown; retry?: () => void }) {
  const { t, locale } = useI18n();
  if (!error)
    return (
      <Flex justify="center" style={{ padding: 48 }}>
        <Spin />
      </Flex>
    );
  if (isApiError(error) && (error.status === 404 || error.code === 'validation_error')) return <ErrorResult kind="notFound" />;
  if (isApiError(error) && error.status === 403) return <ErrorResult kind="forbidden" />;
  return (
    <Result
      status="warning"
      title={t('common.error')}
      subTitle={errorText(error, t, locale)}
      extra={retry ? <Button onClick={retry}>{t('common.retry')}</Button> : null}
    />
  );
}
