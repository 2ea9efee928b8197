import { type TImportColumnMapping, t } from '@qiangjian/shared';
import { LEDGER_HEADER_ALIASES } from '@qiangjian/shared/data';
import { Alert, Button, Card, Input, Select, Space, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { ListColumn } from '../../../components/list/ListPage.js';
import { ResponsiveTable } from '../../../components/list/ResponsiveTable.js';

/** A field as the user reads it: its official header (the first alias, docs/domain/forms.md §4). */
const fieldLabel = (key: string) => (LEDGER_HEADER_ALIASES as Record<string, readonly string[]>)[key]?.[0] ?? key;
const FIELD_OPTIONS = [
  { value: '', label: t('pages.importMap.skip') },
  ...Object.keys(LEDGER_HEADER_ALIASES)
    .filter((k) => k !== 'seq')
    .map((k) => ({ value: k, label: fieldLabel(k) })),
];

interface Row {
  header: string;
  /** what the importer read it as */
  key: string | null;
}

/**
 * 列映射: each column of the file and the field it is read as; the user changes what the importer did not know (or
 * got wrong) and previews again; a mapping that was used can be saved as the organization's template, which is then
 * applied to the next file with the same header (docs/LEDGER.md "Column mapping").
 */
export function MappingCard(props: {
  columns: Row[];
  mapping: TImportColumnMapping | null;
  busy: boolean;
  onPreview: (mapping: Record<string, string>) => void;
  onSave?: (name: string) => Promise<void>;
}) {
  const [choice, setChoice] = useState<Record<string, string>>({});
  const [name, setName] = useState('');
  useEffect(() => setChoice(Object.fromEntries(props.columns.map((c) => [c.header, c.key ?? '']))), [props.columns]);
  const unknown = props.columns.filter((c) => !c.key).length;
  const chosen = Object.values(choice);
  const noSerial = !chosen.includes('serialNo');
  const twice = useMemo(() => {
    const seen = new Map<string, number>();
    for (const v of chosen) if (v) seen.set(v, (seen.get(v) ?? 0) + 1);
    return new Set([...seen].filter(([, n]) => n > 1).map(([k]) => k));
  }, [chosen]);
  const changed = props.columns.some((c) => (c.key ?? '') !== (choice[c.header] ?? ''));
  const columns: ListColumn<Row>[] = [
    { title: t('pages.importMap.fileColumn'), dataIndex: 'header', card: 'title' },
    {
      title: t('pages.importMap.field'),
      key: 'field',
      render: (_, r) => (
        <Select
          aria-label={t('pages.importMap.fieldFor', { column: r.header })}
          data-testid={`map-${r.header}`}
          showSearch
          optionFilterProp="label"
          style={{ width: 200 }}
          status={choice[r.header] && twice.has(choice[r.header] as string) ? 'error' : undefined}
          value={choice[r.header] ?? ''}
          options={FIELD_OPTIONS}
          onChange={(v: string) => setChoice((c) => ({ ...c, [r.header]: v }))}
        />
      ),
    },
    {
      title: t('pages.importMap.state'),
      key: 'state',
      card: 'extra',
      render: (_, r) =>
        r.key ? <Tag color="green">{t('pages.importMap.recognised')}</Tag> : <Tag color="orange">{t('pages.importMap.unknown')}</Tag>,
    },
  ];
  return (
    <Card title={t('pages.importMap.title')} style={{ marginTop: 16 }} data-testid="mapping-card">
      {props.mapping?.template && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('pages.importMap.templateApplied', { name: props.mapping.template.name })}
        />
      )}
      {(unknown > 0 || noSerial) && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          message={noSerial ? t('pages.importMap.noSerial') : t('pages.importMap.unknownN', { n: unknown })}
        />
      )}
      {twice.size > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          message={t('pages.importMap.twice', { fields: [...twice].map(fieldLabel).join('、') })}
        />
      )}
      <ResponsiveTable<Row> rowKey="header" dataSource={props.columns} columns={columns} pagination={false} />
      <Space wrap style={{ marginTop: 12 }}>
        <Button
          type={changed || noSerial ? 'primary' : 'default'}
          loading={props.busy}
          disabled={noSerial || twice.size > 0}
          onClick={() => props.onPreview(choice)}
        >
          {t('pages.importMap.preview')}
        </Button>
        {props.onSave && props.mapping?.applied && !props.mapping.template && (
          <Space.Compact>
            <Input
              aria-label={t('pages.importMap.templateName')}
              placeholder={t('pages.importMap.templateName')}
              value={name}
              maxLength={100}
              onChange={(e) => setName(e.target.value)}
              style={{ width: 200 }}
            />
            <Button disabled={!name.trim()} onClick={() => void props.onSave?.(name.trim())}>
              {t('pages.importMap.save')}
            </Button>
          </Space.Compact>
        )}
      </Space>
    </Card>
  );
}
