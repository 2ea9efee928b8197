import { t } from '@qiangjian/shared';
import { Alert } from 'antd';
import { useEffect, useState } from 'react';
import { loadHealth } from '../services/system.js';

/** The 演示环境 banner on every page while the server runs in demo mode (QIANGJIAN_DEMO_MODE=1). */
export function DemoBanner() {
  const [demo, setDemo] = useState(false);
  useEffect(() => {
    let live = true;
    loadHealth()
      .then((h) => live && setDemo(h.demoMode))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  if (!demo) return null;
  return (
    <Alert
      banner
      type="warning"
      role="status"
      data-testid="demo-banner"
      title={<strong>{t('pages.demo.title')}</strong>}
      description={t('pages.demo.text')}
      style={{ position: 'relative', zIndex: 20 }}
    />
  );
}
