import { t } from '@qiangjian/shared';
import { Layout } from 'antd';
import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

/** The portal's frame (no login, no menu): a header with the platform's name linking home, the content, the footer. */
export function PortalShell({ children, subtitle }: { children: ReactNode; subtitle?: boolean }) {
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <header style={{ background: '#1677ff', color: '#fff', padding: '14px 0' }}>
        <div style={{ maxWidth: 1080, margin: '0 auto', padding: '0 12px' }}>
          <Link to="/p" style={{ color: '#fff', fontSize: 18, fontWeight: 600 }}>
            {t('portal.title')}
          </Link>
          {subtitle ? <div style={{ fontSize: 13, opacity: 0.85, marginTop: 4 }}>{t('portal.subtitle')}</div> : null}
        </div>
      </header>
      <Layout.Content style={{ maxWidth: 1080, width: '100%', margin: '0 auto', padding: 12 }}>{children}</Layout.Content>
      <footer style={{ color: '#8c8c8c', fontSize: 12, padding: 16, textAlign: 'center' }}>{t('portal.footer')}</footer>
    </Layout>
  );
}
