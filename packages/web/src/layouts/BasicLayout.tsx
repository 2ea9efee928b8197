import { DesktopOutlined, KeyOutlined, LockOutlined, LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { enumLabel, t } from '@qiangjian/shared';
import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Menu, type MenuProps, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useAccess } from '../hooks/useAccess.js';
import { useAuth, useMe } from '../services/auth.js';
import { matchRoute, menuItems } from './menu.js';
import { NotificationBell } from './NotificationBell.js';

const { Header, Sider, Content } = Layout;

function Brand({ collapsed }: { collapsed?: boolean }) {
  return (
    <div className="qj-brand">
      <span className="qj-brand-logo">{t('app.shortName').slice(0, 1)}</span>
      {!collapsed && <span>{t('app.shortName')}</span>}
    </div>
  );
}

/** The shell: role-based left menu (a Drawer on phones), header with the user, content. */
export function BasicLayout() {
  const me = useMe();
  const { logout } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const screens = Grid.useBreakpoint();
  const isMobile = screens.md === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawerOpen, setDrawerOpen] = useState(false);
  const access = useAccess();
  const items = useMemo(() => menuItems(access), [access]);
  const current = matchRoute(location.pathname);
  const selectedKey = current?.path ?? location.pathname;
  const groupKey = current?.group ? `group:${current.group}` : undefined;
  const [openKeys, setOpenKeys] = useState<string[]>(groupKey ? [groupKey] : []);

  useEffect(() => {
    if (groupKey) setOpenKeys((keys) => (keys.includes(groupKey) ? keys : [...keys, groupKey]));
  }, [groupKey]);
  useEffect(() => {
    if (current) document.title = `${t(current.title)} - ${t('app.name')}`;
  }, [current]);

  const onMenuClick: MenuProps['onClick'] = ({ key }) => {
    setDrawerOpen(false);
    void navigate(key);
  };
  const menu = (
    <Menu
      theme="dark"
      mode="inline"
      items={items}
      selectedKeys={[selectedKey]}
      openKeys={collapsed && !isMobile ? undefined : openKeys}
      onOpenChange={(keys) => setOpenKeys(keys as string[])}
      onClick={onMenuClick}
    />
  );

  const userMenu: MenuProps = {
    items: [
      { key: 'info', disabled: true, label: <UserInfo /> },
      { type: 'divider' },
      ...(access.can('token.manage') ? [{ key: '/account/tokens', icon: <KeyOutlined />, label: t('menu.account.tokens') }] : []),
      { key: '/account/sessions', icon: <DesktopOutlined />, label: t('menu.account.sessions') },
      { key: '/change-password', icon: <LockOutlined />, label: t('menu.account.changePassword') },
      { type: 'divider' as const },
      { key: 'logout', icon: <LogoutOutlined />, label: t('menu.account.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'logout') {
        void logout().then(() => navigate('/login', { replace: true }));
      } else if (key !== 'info') void navigate(key);
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      {!isMobile && (
        <Sider
          width={220}
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          style={{ position: 'sticky', top: 0, height: '100vh', overflow: 'auto' }}
        >
          <Brand collapsed={collapsed} />
          {menu}
        </Sider>
      )}
      {isMobile && (
        <Drawer
          placement="left"
          open={drawerOpen}
          onClose={() => setDrawerOpen(false)}
          size={240}
          closable={false}
          styles={{ body: { padding: 0, background: '#001529' } }}
        >
          <Brand />
          {menu}
        </Drawer>
      )}
      <Layout>
        <Header className="qj-header">
          <Space size={8} style={{ minWidth: 0 }}>
            {isMobile && <Button type="text" icon={<MenuOutlined />} aria-label={t('menu.open')} onClick={() => setDrawerOpen(true)} />}
            {isMobile && <Typography.Text strong>{current ? t(current.title) : t('app.shortName')}</Typography.Text>}
            {!isMobile && <Typography.Text type="secondary">{t('app.name')}</Typography.Text>}
          </Space>
          <Space size={12}>
            <NotificationBell />
            {!isMobile && (
              <span style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
                <span
                  title={me.orgName}
                  style={{ color: 'rgba(0,0,0,0.55)', maxWidth: 280, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}
                >
                  {me.orgName}
                </span>
                <Tag color="blue" style={{ marginInlineEnd: 0 }}>
                  {enumLabel('role', me.role)}
                </Tag>
              </span>
            )}
            <Dropdown menu={userMenu} trigger={['click']} placement="bottomRight">
              <Button type="text" style={{ paddingInline: 4 }} aria-label={t('pages.layout.userMenu', { name: me.displayName })}>
                <Space size={6}>
                  <Avatar size="small" icon={<UserOutlined />} style={{ background: '#1677ff' }} />
                  {!isMobile && <span>{me.displayName}</span>}
                </Space>
              </Button>
            </Dropdown>
            {!isMobile && (
              <Button icon={<LogoutOutlined />} onClick={() => void logout().then(() => navigate('/login', { replace: true }))}>
                {t('menu.account.logout')}
              </Button>
            )}
          </Space>
        </Header>
        <Content className="qj-content">
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}

function UserInfo() {
  const me = useMe();
  return (
    <div style={{ color: 'rgba(0,0,0,0.88)', lineHeight: 1.6, maxWidth: 260 }}>
      <div style={{ fontWeight: 600 }}>{t('pages.layout.userLine', { name: me.displayName, username: me.username })}</div>
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>{t('pages.layout.orgLine', { org: me.orgName })}</div>
      <div style={{ fontSize: 12, color: 'rgba(0,0,0,0.55)' }}>{t('pages.layout.roleLine', { role: enumLabel('role', me.role) })}</div>
    </div>
  );
}
