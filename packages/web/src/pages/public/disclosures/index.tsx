import { t } from '@qiangjian/shared';
import { Card, Descriptions, Empty, Input, Layout, List, Pagination, Typography } from 'antd';
import { useState } from 'react';
import { useRequest } from '../../../hooks/useRequest.js';
import { disclosurePdfUrl, listDisclosures } from '../../../services/supervision.js';

/** 行政处罚信息公示: the public page (no login, no shell) of the decisions in their publication period. */
export default function PublicDisclosuresPage() {
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const { data, loading } = useRequest(() => listDisclosures({ q: q || undefined, page, pageSize: 10 }), [q, page]);
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <Layout.Content style={{ maxWidth: 960, width: '100%', margin: '0 auto', padding: 24 }}>
        <Typography.Title level={2}>{t('disclosure.title')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('disclosure.subtitle')}</Typography.Paragraph>
        <Input.Search
          placeholder={t('disclosure.search')}
          allowClear
          onSearch={(v) => {
            setPage(1);
            setQ(v.trim());
          }}
          style={{ maxWidth: 360, marginBottom: 16 }}
        />
        <List
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description={t('disclosure.empty')} /> }}
          renderItem={(d) => (
            <Card
              style={{ marginBottom: 12 }}
              title={`${d.title} ${d.documentNo}`}
              extra={
                <a href={disclosurePdfUrl(d.id)} target="_blank" rel="noreferrer">
                  {t('disclosure.document')}
                </a>
              }
            >
              <Descriptions column={{ xs: 1, md: 2 }} size="small">
                <Descriptions.Item label={t('disclosure.party')}>{d.partyName}</Descriptions.Item>
                <Descriptions.Item label={t('disclosure.creditCode')}>{d.partyCreditCode}</Descriptions.Item>
                <Descriptions.Item label={t('disclosure.violation')}>{d.fields.violation}</Descriptions.Item>
                <Descriptions.Item label={t('disclosure.basis')}>{d.fields.basis}</Descriptions.Item>
                <Descriptions.Item label={t('disclosure.content')}>{d.fields.content}</Descriptions.Item>
                <Descriptions.Item label={t('disclosure.decidedOn')}>{d.fields.decidedOn}</Descriptions.Item>
                <Descriptions.Item label={t('disclosure.authority')}>{d.authority}</Descriptions.Item>
                <Descriptions.Item label={t('disclosure.until')}>{d.until}</Descriptions.Item>
              </Descriptions>
            </Card>
          )}
        />
        {(data?.total ?? 0) > 10 && <Pagination current={page} pageSize={10} total={data?.total ?? 0} onChange={setPage} />}
      </Layout.Content>
    </Layout>
  );
}
