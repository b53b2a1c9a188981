import { Alert, Button, Card, Flex, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { useAuth } from '../auth/AuthContext';
import { ChangePasswordForm } from '../components/ChangePasswordForm';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { useT } from '../i18n';

/** While `me.mustChangePassword` is set, this is the only page the app shows. */
export function ForcedPasswordPage() {
  const t = useT();
  const { me, signOut } = useAuth();
  const navigate = useNavigate();
  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 16, background: '#f5f5f5' }}>
      <Card style={{ width: '100%', maxWidth: 460 }}>
        <Flex justify="space-between" align="start" style={{ marginBottom: 16 }}>
          <div>
            <Typography.Title level={4} style={{ margin: 0 }}>
              {t('password.title')}
            </Typography.Title>
            <Typography.Text type="secondary">{me?.displayName}</Typography.Text>
          </div>
          <LanguageSwitch size="small" />
        </Flex>
        <Alert type="info" showIcon title={t('password.forcedHint')} style={{ marginBottom: 16 }} />
        <ChangePasswordForm onDone={() => navigate('/', { replace: true })} />
        <Button type="link" style={{ padding: 0 }} onClick={() => void signOut()}>
          {t('user.menu.signOut')}
        </Button>
      </Card>
    </Flex>
  );
}
