import { CATEGORIES, type Category, enumLabel, type TRule, t } from '@qiangjian/shared';
import { Button, Card, Form, Grid, Select, Switch, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMemo, useState } from 'react';
import { PageTitle } from '../../../components/PageTitle.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { formatDateTime } from '../../../lib/format.js';
import { listRules, listStatusSettings, type StatusSetting } from '../../../services/status.js';
import { conditionText, cycleText, recordedByText, regulationText } from './condition.js';
import { RuleCards, TAG_COLOR } from './RuleCards.js';
import { RuleEditDrawer } from './RuleEditDrawer.js';
import { SettingsTab } from './SettingsTab.js';

/** Catalog order: category (enum order), then the rule's sort order, newest version first. */
function sortRules(rules: TRule[]): TRule[] {
  const cat = (c: string) => CATEGORIES.indexOf(c as Category);
  return [...rules].sort(
    (a, b) => cat(a.category) - cat(b.category) || a.sortOrder - b.sortOrder || a.ruleKey.localeCompare(b.ruleKey) || b.version - a.version,
  );
}

/** rowSpan of the category cell: the first row of each category spans its group, the others are merged into it. */
function categorySpans(rows: TRule[]): number[] {
  const spans = rows.map(() => 0);
  let start = 0;
  rows.forEach((r, i) => {
    if (i === 0 || r.category !== rows[i - 1]?.category) start = i;
    spans[start] = (spans[start] ?? 0) + 1;
  });
  return spans;
}

const NONE: TRule[] = [];
const NO_SETTINGS: StatusSetting[] = [];

/**
 * 检定规则: the rule catalog (docs/domain/regulations.md §2) as stored — current versions, or every version with the history
 * switch — and the status settings. Everyone with rule.read reads it; rule.update / settings.update (admin) edit it.
 */
export default function RulesPage() {
  const access = useAccess();
  const canEditRules = access.can('rule.update');
  // phones get one card per rule; the table needs about 1,100 px
  const narrow = Grid.useBreakpoint().md === false;
  const [category, setCategory] = useState<Category | undefined>();
  const [history, setHistory] = useState(false);
  const [editing, setEditing] = useState<TRule | null>(null);

  const rulesReq = useRequest(async () => sortRules(await listRules({ category, history })), [category, history]);
  const settingsReq = useRequest(listStatusSettings, []);
  const rules = rulesReq.data ?? NONE;
  const settings = settingsReq.data ?? NO_SETTINGS;
  const { loading, reload: load } = rulesReq;
  const { loading: settingsLoading, reload: loadSettings } = settingsReq;

  const settingValues = useMemo(() => Object.fromEntries(settings.map((s) => [s.key, s.value])), [settings]);
  const spans = useMemo(() => categorySpans(rules), [rules]);

  const secondary = (text: string) => (
    <div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {text}
      </Typography.Text>
    </div>
  );
  const wrapTag = { marginTop: 4, marginInlineEnd: 0, whiteSpace: 'normal' } as const;

  const columns: ColumnsType<TRule> = [
    {
      title: t('pages.status.rules.category'),
      dataIndex: 'category',
      width: 90,
      onCell: (_, i) => ({ rowSpan: i === undefined ? 1 : spans[i] }),
      render: (c: string, r) => (
        <>
          <div style={{ fontWeight: 500 }}>{enumLabel('category', c)}</div>
          {!r.mandatory && <Tag style={wrapTag}>{t('pages.status.rules.notMandatory')}</Tag>}
        </>
      ),
    },
    {
      title: t('pages.status.rules.col.condition'),
      key: 'condition',
      width: 180,
      render: (_, r) => conditionText(r.condition, settingValues),
    },
    {
      title: t('pages.status.rules.col.modeCycle'),
      key: 'mode',
      width: 150,
      render: (_, r) => (
        <>
          <Tooltip title={enumLabel('verificationMode', r.mode)}>
            <span>{t(`pages.status.rules.modeShort.${r.mode}`)}</span>
          </Tooltip>{' '}
          <span style={{ fontWeight: 500 }}>{cycleText(r.cycleMonths)}</span>
          {secondary(t('pages.status.rules.countedFromText', { from: enumLabel('countedFrom', r.countedFrom) }))}
        </>
      ),
    },
    {
      title: t('pages.status.rules.col.regulation'),
      key: 'regulation',
      width: 130,
      render: (_, r) => (
        <>
          <div>{regulationText(r)}</div>
          {/* how sure the source is: the rule editors' business, not the enterprises' (docs/STATUS.md) */}
          {canEditRules && <Tag color={TAG_COLOR[r.tag]} style={wrapTag}>{`[${r.tag}] ${enumLabel('ruleTag', r.tag)}`}</Tag>}
        </>
      ),
    },
    {
      title: t('pages.status.rules.col.effective'),
      key: 'effective',
      width: 100,
      render: (_, r) => (
        <>
          <div>{r.effectiveFrom ?? t('pages.status.rules.effectiveOpenStart')}</div>
          <div>{r.effectiveTo ? t('pages.status.rules.effectiveTo', { to: r.effectiveTo }) : t('pages.status.rules.effectiveOpenEnd')}</div>
        </>
      ),
    },
    {
      title: t('pages.status.rules.col.citation'),
      key: 'citation',
      width: 300,
      render: (_, r) => (
        <>
          <div>{r.citation}</div>
          {canEditRules && r.note && secondary(t('pages.status.rules.noteText', { note: r.note }))}
        </>
      ),
    },
    {
      title: t('pages.status.rules.col.version'),
      key: 'version',
      width: history ? 150 : 80,
      render: (_, r) => (
        <>
          <span>{t('pages.status.rules.versionNo', { version: r.version })}</span>{' '}
          {r.current ? <Tag color="green">{t('pages.status.rules.current')}</Tag> : <Tag>{t('pages.status.rules.superseded')}</Tag>}
          {!r.active && <Tag color="red">{t('pages.status.rules.inactive')}</Tag>}
          {history &&
            secondary(t('pages.status.rules.recordedAtBy', { at: formatDateTime(r.recordedAt), by: recordedByText(r.recordedBy) }))}
          {history && r.supersededAt && secondary(t('pages.status.rules.supersededAt', { at: formatDateTime(r.supersededAt) }))}
          {history && r.version === 1 && secondary(t('pages.status.rules.baseline'))}
        </>
      ),
    },
  ];
  if (canEditRules) {
    columns.push({
      title: t('pages.common.actions'),
      key: 'actions',
      fixed: 'right',
      width: 64,
      render: (_, r) =>
        r.current && (
          <Button type="link" size="small" onClick={() => setEditing(r)}>
            {t('pages.status.rules.edit')}
          </Button>
        ),
    });
  }

  const rulesTab = (
    <>
      <Card style={{ marginBottom: 16 }} styles={{ body: { paddingBottom: 4 } }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
          {t('pages.status.rules.intro')}
        </Typography.Paragraph>
        <Form name="ruleFilters" layout="inline" className="qj-filters">
          <Form.Item label={t('pages.status.rules.category')} htmlFor="ruleFilters_category">
            <Select<Category>
              id="ruleFilters_category"
              allowClear
              placeholder={t('pages.common.all')}
              style={{ width: 180 }}
              value={category}
              onChange={(v) => setCategory(v)}
              options={CATEGORIES.map((c) => ({ value: c, label: enumLabel('category', c) }))}
            />
          </Form.Item>
          <Form.Item label={t('pages.status.rules.showHistory')} htmlFor="ruleFilters_history">
            <Switch id="ruleFilters_history" checked={history} onChange={setHistory} />
          </Form.Item>
        </Form>
      </Card>
      {narrow ? (
        <RuleCards rules={rules} loading={loading} history={history} settings={settingValues} canEdit={canEditRules} onEdit={setEditing} />
      ) : (
        <Card styles={{ body: { padding: 0 } }}>
          <Table<TRule>
            rowKey="id"
            size="middle"
            bordered
            loading={loading}
            columns={columns}
            dataSource={rules}
            pagination={false}
            scroll={{ x: columns.reduce((w, c) => w + Number(c.width ?? 0), 0) }}
            onRow={(r) => (r.current ? {} : { style: { background: '#fafafa', color: 'rgba(0, 0, 0, 0.45)' } })}
          />
        </Card>
      )}
    </>
  );

  return (
    <>
      <PageTitle title={t('pages.status.rules.title')} />
      <Tabs
        items={[
          { key: 'rules', label: t('pages.status.rules.tabRules'), children: rulesTab },
          {
            key: 'settings',
            label: t('pages.status.rules.tabSettings'),
            children: (
              <SettingsTab
                settings={settings}
                loading={settingsLoading}
                canEdit={access.can('settings.update')}
                onSaved={() => {
                  void loadSettings();
                  void load();
                }}
              />
            ),
          },
        ]}
      />
      {editing && (
        <RuleEditDrawer
          rule={editing}
          condition={conditionText(editing.condition, settingValues)}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void load();
          }}
          onConflict={() => {
            setEditing(null);
            void load();
          }}
        />
      )}
    </>
  );
}
