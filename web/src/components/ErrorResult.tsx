import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useT } from '../i18n';

export function ErrorResult({ kind }: { kind: 'forbidden' | 'notFound' }) {
  const t = useT();
  const navigate = useNavigate();
  return (
    <Result
      status={kind === 'forbidden' ? '403' : '404'}
      title={t(kind === 'forbidden' ? 'error.forbidden.title' : 'error.notFound.title')}
      subTitle={t(kind === 'forbidden' ? 'error.forbidden.text' : 'error.notFound.text')}
      extra={
        <Button type="primary" onClick={() => navigate('/')}>
          {t('common.backHome')}
        </Button>
      }
    />
  );
}
