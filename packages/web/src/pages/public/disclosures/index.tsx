import { DISCLOSURE_KINDS, type DisclosureKind, type TDisclosure, t } from '@qiangjian/shared';
import { Card, Descriptions, Empty, Input, Layout, List, Pagination, Segmented, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useRequest } from '../../../hooks/useRequest.js';
import { disclosurePdfUrl, listDisclosures } from '../../../services/supervision.js';

type KindFilter = DisclosureKind | 'all';

/** 行政处罚决定 in its publication period (docs/ENFORCEMENT.md). */
function PenaltyCard({ d }: { d: TDisclosure }) {
  return (
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
  );
}

/** 双随机抽查结果 (docs/SUPERVISION.md "Disclosure of inspection results"): no person's name, the inspectors' 执法证号 only. */
function InspectionResultCard({ d }: { d: TDisclosure }) {
  const f = d.fields;
  const found = f.resultCode === 'found';
  return (
    <Card
      style={{ marginBottom: 12 }}
      title={<span style={{ whiteSpace: 'normal' }}>{d.partyName}</span>}
      extra={<Tag color="blue">{t('disclosure.inspection.title')}</Tag>}
    >
      <Descriptions column={{ xs: 1, md: 2 }} size="small">
        <Descriptions.Item label={t('disclosure.creditCode')}>{d.partyCreditCode}</Descriptions.Item>
        <Descriptions.Item label={t('disclosure.inspection.town')}>{f.town}</Descriptions.Item>
        <Descriptions.Item label={t('disclosure.inspection.date')}>{f.inspectionDate}</Descriptions.Item>
        <Descriptions.Item label={t('disclosure.inspection.draw')}>
          <a href={`/public/draws/${f.drawId}`} target="_blank" rel="noreferrer">
            {t('disclosure.inspection.drawLink', { title: f.drawTitle, id: f.drawId })}
          </a>
        </Descriptions.Item>
        <Descriptions.Item label={t('disclosure.inspection.result')}>
          <Tag color={found ? 'red' : 'green'}>{f.result}</Tag>
        </Descriptions.Item>
        {found ? <Descriptions.Item label={t('disclosure.inspection.findings')}>{f.findings}</Descriptions.Item> : null}
        {found ? <Descriptions.Item label={t('disclosure.inspection.ordered')}>{f.ordered}</Descriptions.Item> : null}
        <Descriptions.Item label={t('disclosure.inspection.inspectors')}>{f.inspectors}</Descriptions.Item>
        <Descriptions.Item label={t('disclosure.inspection.recordNo')}>{d.documentNo}</Descriptions.Item>
        <Descriptions.Item label={t('disclosure.inspection.authority')}>{d.authority}</Descriptions.Item>
        <Descriptions.Item label={t('disclosure.publishedOn')}>{d.publishedOn}</Descriptions.Item>
        <Descriptions.Item label={t('disclosure.until')}>{d.until}</Descriptions.Item>
      </Descriptions>
    </Card>
  );
}

/** 信息公示: the public page (no login, no shell) of inspection results and penalty decisions in their publication period. */
export default function PublicDisclosuresPage() {
  const [params, setParams] = useSearchParams();
  const initial = params.get('kind');
  const [kind, setKind] = useState<KindFilter>(DISCLOSURE_KINDS.includes(initial as DisclosureKind) ? (initial as DisclosureKind) : 'all');
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const { data, loading } = useRequest(
    () => listDisclosures({ q: q || undefined, kind: kind === 'all' ? undefined : kind, page, pageSize: 10 }),
    [q, kind, page],
  );
  const options: { label: string; value: KindFilter }[] = [
    { label: t('disclosure.filter.all'), value: 'all' },
    { label: t('disclosure.filter.inspection_result'), value: 'inspection_result' },
    { label: t('disclosure.filter.penalty_decision'), value: 'penalty_decision' },
  ];
  return (
    <Layout style={{ minHeight: '100vh', background: '#f5f5f5' }}>
      <Layout.Content style={{ maxWidth: 960, width: '100%', margin: '0 auto', padding: 16 }}>
        <Typography.Title level={2}>{t('disclosure.pageTitle')}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('disclosure.pageSubtitle')}</Typography.Paragraph>
        <Space wrap style={{ marginBottom: 16 }}>
          <Segmented
            aria-label={t('disclosure.filter.kind')}
            options={options}
            value={kind}
            onChange={(v) => {
              setPage(1);
              setKind(v as KindFilter);
              setParams(v === 'all' ? {} : { kind: String(v) }, { replace: true });
            }}
          />
          <Input.Search
            placeholder={t('disclosure.search')}
            allowClear
            onSearch={(v) => {
              setPage(1);
              setQ(v.trim());
            }}
            style={{ maxWidth: 360 }}
          />
        </Space>
        <List
          loading={loading}
          dataSource={data?.items ?? []}
          locale={{ emptyText: <Empty description={t('disclosure.empty')} /> }}
          renderItem={(d) => (d.kind === 'inspection_result' ? <InspectionResultCard d={d} /> : <PenaltyCard d={d} />)}
        />
        {(data?.total ?? 0) > 10 && <Pagination current={page} pageSize={10} total={data?.total ?? 0} onChange={setPage} />}
      </Layout.Content>
    </Layout>
  );
}
