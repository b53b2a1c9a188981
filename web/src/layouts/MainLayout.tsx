import { useEffect, useState } from 'react';
import { Avatar, Dropdown, Flex, Grid, Layout, Menu, Typography, theme, type MenuProps } from 'antd';
import { CheckOutlined, GlobalOutlined, LockOutlined, LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { canAccess, menuEntries } from '../access';
import { GlobalSearch } from '../components/archive/GlobalSearch';
import { TodoBell } from '../components/TodoBell';
import { useAuth, useMe } from '../auth/AuthContext';
import { LOCALES, useI18n } from '../i18n';
import { ROUTES, routeOfPath, type AppRoute } from '../routes';
import { groupKeyOf, menuTree } from './menuTree';

/** Side menu with only the pages the user may open, header with the user menu. */
export function MainLayout({ routes = ROUTES }: { routes?: readonly AppRoute[] }) {
  const me = useMe();
  const { t, locale, roleLabel } = useI18n();
  const { signOut, changeLocale } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const { token } = theme.useToken();
  const screens = Grid.useBreakpoint();
  const narrow = screens.md === false;

  const visible = menuEntries(routes, me);
  const selected = routeOfPath(location.pathname, visible);

  const tree = menuTree(visible);
  const selectedGroup = groupKeyOf(tree, selected?.path);
  const [openKeys, setOpenKeys] = useState<string[]>(selectedGroup ? [selectedGroup] : []);
  // Opening a page (also from a link elsewhere) opens its area; the others stay as the user left them.
  useEffect(() => {
    if (selectedGroup) setOpenKeys((keys) => (keys.includes(selectedGroup) ? keys : [...keys, selectedGroup]));
  }, [selectedGroup]);

  const itemOf = (route: AppRoute) => ({ key: route.path, icon: route.icon, label: t(route.labelKey) });
  const menuItems: MenuProps['items'] = tree.map((node) =>
    node.kind === 'item'
      ? itemOf(node.route)
      : { key: node.group.key, icon: node.group.icon, label: t(node.group.labelKey), children: node.routes.map(itemOf) },
  );

  const userItems: MenuProps['items'] = [
    {
      key: 'who',
      disabled: true,
      label: (
        <div>
          <div>{me.displayName}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {me.roles.map(roleLabel).join('、')}
          </Typography.Text>
        </div>
      ),
    },
    { type: 'divider' },
    { key: 'password', icon: <LockOutlined />, label: t('user.menu.changePassword') },
    {
      key: 'language',
      icon: <GlobalOutlined />,
      label: t('user.menu.language'),
      children: LOCALES.map((value) => ({
        key: `locale:${value}`,
        label: t(`locale.${value}`),
        icon: value === locale ? <CheckOutlined /> : <span style={{ display: 'inline-block', width: 14 }} />,
      })),
    },
    { type: 'divider' },
    { key: 'signOut', icon: <LogoutOutlined />, label: t('user.menu.signOut'), danger: true },
  ];

  const onUserMenu: MenuProps['onClick'] = ({ key }) => {
    if (key === 'password') navigate('/account?tab=password');
    else if (key === 'signOut') void signOut().then(() => navigate('/login', { replace: true }));
    else if (key.startsWith('locale:')) void changeLocale(key.slice('locale:'.length) as (typeof LOCALES)[number]);
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        collapsible
        collapsed={collapsed}
        onCollapse={setCollapsed}
        breakpoint="lg"
        width={208}
        data-testid="side-menu"
        // The menu stays in view while a long page scrolls; its own list scrolls above the
        // collapse trigger (styles.css), so the trigger never covers the last entry.
        className="app-sider"
        style={{ position: 'sticky', top: 0, height: '100vh' }}
      >
        <div
          style={{
            height: 56,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            color: '#fff',
            fontWeight: 600,
            fontSize: collapsed ? 14 : 18,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
          }}
        >
          {collapsed ? t('app.shortName') : t('app.name')}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected ? [selected.path] : []}
          // Collapsed to icons, the areas open as pop-ups that antd manages itself.
          {...(collapsed ? {} : { openKeys, onOpenChange: setOpenKeys })}
          items={menuItems}
          onClick={({ key }) => navigate(key)}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{
            background: token.colorBgContainer,
            padding: narrow ? '0 12px' : '0 24px',
            borderBottom: `1px solid ${token.colorBorderSecondary}`,
          }}
        >
          <Flex justify="space-between" align="center" style={{ height: '100%' }}>
            <Typography.Text strong>{selected ? t(selected.labelKey) : ''}</Typography.Text>
            {canAccess(me, 'customers.read') ? <GlobalSearch compact={narrow} width={300} style={{ marginLeft: 'auto', marginRight: narrow ? 4 : 24 }} /> : null}
            <TodoBell />
            <Dropdown menu={{ items: userItems, onClick: onUserMenu }} trigger={['click']} placement="bottomRight">
              <Flex align="center" gap={8} style={{ cursor: 'pointer' }} data-testid="user-menu">
                <Avatar size="small" icon={<UserOutlined />} style={{ background: token.colorPrimary }} />
                <span>{me.displayName}</span>
              </Flex>
            </Dropdown>
          </Flex>
        </Layout.Header>
        <Layout.Content style={{ margin: narrow ? 12 : 24 }}>
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
