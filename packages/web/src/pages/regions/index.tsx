import { enumLabel, t } from '@qiangjian/shared';
import { Card, Empty, Input, Skeleton, Tag, Tree, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { PageTitle } from '../../components/PageTitle.js';
import { type RegionNode, regionTree, useRegions } from '../../services/regions.js';

function filterTree(nodes: RegionNode[], q: string): RegionNode[] {
  if (!q) return nodes;
  const out: RegionNode[] = [];
  for (const n of nodes) {
    const kids = filterTree(n.children ?? [], q);
    if (n.region.name.includes(q) || n.region.code.startsWith(q) || kids.length > 0)
      out.push({ ...n, children: kids.length > 0 ? kids : n.children });
  }
  return out;
}

/** 行政区划: GET /regions as a tree (GB/T 2260 + 9-digit town codes). */
export default function RegionsPage() {
  const { regions, loading } = useRegions();
  const [q, setQ] = useState('');
  const tree = useMemo(() => filterTree(regionTree(regions), q.trim()), [regions, q]);
  return (
    <>
      <PageTitle title={t('pages.regions.title')} />
      <Card>
        <Typography.Paragraph type="secondary">{t('pages.regions.intro')}</Typography.Paragraph>
        <Input.Search
          allowClear
          placeholder={t('pages.regions.search')}
          onChange={(e) => setQ(e.target.value)}
          style={{ maxWidth: 320, marginBottom: 12 }}
        />
        <div style={{ marginBottom: 8 }}>
          <Typography.Text type="secondary">{t('pages.regions.count', { count: regions.length })}</Typography.Text>
        </div>
        {loading ? (
          <Skeleton active />
        ) : tree.length === 0 ? (
          <Empty />
        ) : (
          <Tree<RegionNode>
            key={q}
            treeData={tree}
            defaultExpandAll
            showLine
            selectable={false}
            titleRender={(n) => (
              <span>
                {n.region.name}{' '}
                <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }}>
                  {n.region.code}
                </Typography.Text>{' '}
                <Tag style={{ marginInlineStart: 4 }}>{enumLabel('regionLevel', n.region.level)}</Tag>
              </span>
            )}
          />
        )}
      </Card>
    </>
  );
}
