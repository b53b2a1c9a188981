import { Card, Descriptions, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/endpoints';
import { canAccess } from '../access';
import { useMe } from '../auth/AuthContext';
import { RoleTags } from '../components/RoleTags';
import { useT } from '../i18n';

export function HomePage() {
  const t = useT();
  const me = useMe();
  const outlet = useQuery({
    queryKey: ['outlets', 'one', me.outletId],
    queryFn: () => api.outlets.get(me.outletId!),
    enabled: !!me.outletId && canAccess(me, 'outlets.read'),
  });

  return (
    <Card>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('home.welcome', { name: me.displayName })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
      <Descriptions
        column={1}
        bordered
        size="small"
        style={{ maxWidth: 640 }}
        items={[
          { key: 'username', label: t('home.username'), children: me.username },
          { key: 'roles', label: t('home.roles'), children: <RoleTags roles={me.roles} /> },
          {
            key: 'outlet',
            label: t('home.outlet'),
            children: me.outletId ? (outlet.data ? `${outlet.data.name}（${outlet.data.code}）` : me.outletId) : t('home.noOutlet'),
          },
          { key: 'scope', label: t('home.scope'), children: t(`scope.${me.scope}`) },
        ]}
      />
    </Card>
  );
}
