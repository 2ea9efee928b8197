import { drawDifferenceText, t, verifyPublishedDraw } from '@qiangjian/shared';
import { Alert, Button, Layout, Result, Spin, Typography } from 'antd';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import { useRequest } from '../../../hooks/useRequest.js';
import { getPublicDraw } from '../../../services/supervision.js';
import { DrawRecord } from '../../supervision/DrawRecord.js';

/**
 * 抽取结果公示 (no login, no shell): the published record of a draw and a "verify in your browser" button that
 * re-computes it with Web Crypto (`verifyPublishedDraw`, packages/shared/src/draw.ts) and says whether it matches.
 */
export default function PublicDrawPage() {
  const { id } = useParams();
  const { data, error, loading } = useRequest(() => getPublicDraw(id ?? ''), [id]);
  const [verdict, setVerdict] = useState<{ ok: boolean; text: string } | null>(null);
  const [checking, setChecking] = useState(false);
  const verify = async () => {
    if (!data) return;
    if (!globalThis.crypto?.subtle) {
      setVerdict({ ok: false, text: t('pages.draws.public.unsupported') });
      return;
    }
    setChecking(true);
    try {
      const v = await verifyPublishedDraw(data);
      setVerdict(
        v.ok
          ? { ok: true, text: t('pages.draws.public.match') }
          : { ok: false, text: t('pages.draws.public.mismatch', { difference: drawDifferenceText(v.difference) }) },
      );
    } finally {
      setChecking(false);
    }
  };
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <Layout.Content style={{ maxWidth: 1100, width: '100%', margin: '0 auto', padding: 16 }}>
        {loading && !data && <Spin />}
        {!!error && !data && <Result status="404" title={t('pages.draws.public.notFound')} />}
        {data && (
          <>
            <Typography.Title level={3}>{t('pages.draws.public.title')}</Typography.Title>
            <Typography.Title level={4} style={{ marginTop: 0 }}>
              {data.title}
            </Typography.Title>
            <Typography.Paragraph type="secondary">{t('pages.draws.public.intro')}</Typography.Paragraph>
            {data.seed !== undefined && (
              <div style={{ marginBottom: 16 }}>
                <Button type="primary" loading={checking} onClick={() => void verify()}>
                  {t('pages.draws.public.verify')}
                </Button>
                {verdict && (
                  <Alert style={{ marginTop: 12 }} type={verdict.ok ? 'success' : 'error'} showIcon message={verdict.text} role="status" />
                )}
              </div>
            )}
            <DrawRecord record={data} />
          </>
        )}
      </Layout.Content>
    </Layout>
  );
}
