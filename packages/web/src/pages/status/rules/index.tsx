import { CATEGORIES, type Category, enumLabel, type TRule, t } from '@qiangjian/shared';
import { Button, Card, Form, Select, Switch, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { accessOf } from '../../../access.js';
import { PageTitle } from '../../../components/Results.js';
import { useMe } from '../../../services/auth.js';
import { conditionText, cycleText, recordedByText, regulationText } from './condition.js';
import { RuleEditDrawer } from './RuleEditDrawer.js';
import { fmtTime, SettingsTab } from './SettingsTab.js';
import { listRules, listStatusSettings, type StatusSetting } from './service.js';

const TAG_COLOR: Record<TRule['tag'], string> = { C: 'green', P: 'blue', U: 'orange' };

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

/**
 * 检定规则: the rule catalog (regulations.md §2) as stored — current versions, or every version with the history
 * switch — and the status settings. Everyone with rule.read reads it; rule.update / settings.update (admin) edit it.
 */
export default function RulesPage() {
  const me = useMe();
  const access = useMemo(() => accessOf(me), [me]);
  const canEditRules = access.can('rule.update');
  const [category, setCategory] = useState<Category | undefined>();
  const [history, setHistory] = useState(false);
  const [rules, setRules] = useState<TRule[]>([]);
  const [loading, setLoading] = useState(false);
  const [settings, setSettings] = useState<StatusSetting[]>([]);
  const [settingsLoading, setSettingsLoading] = useState(false);
  const [editing, setEditing] = useState<TRule | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setRules(sortRules(await listRules({ category, history })));
    } catch {
      // shown by the error policy
    } finally {
      setLoading(false);
    }
  }, [category, history]);
  const loadSettings = useCallback(async () => {
    setSettingsLoading(true);
    try {
      setSettings(await listStatusSettings());
    } catch {
      // shown by the error policy
    } finally {
      setSettingsLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    void loadSettings();
  }, [loadSettings]);

  const settingValues = useMemo(() => Object.fromEntries(settings.map((s) => [s.key, s.value])), [settings]);
  const spans = useMemo(() => categorySpans(rules), [rules]);

  const columns: ColumnsType<TRule> = [
    {
      title: t('pages.status.rules.category'),
      dataIndex: 'category',
      width: 96,
      onCell: (_, i) => ({ rowSpan: i === undefined ? 1 : spans[i] }),
      render: (c: string, r) => (
        <>
          <div style={{ fontWeight: 500 }}>{enumLabel('category', c)}</div>
          {!r.mandatory && <Tag style={{ marginTop: 4 }}>{t('pages.status.rules.notMandatory')}</Tag>}
        </>
      ),
    },
    {
      title: t('pages.status.rules.col.condition'),
      key: 'condition',
      width: 200,
      render: (_, r) => conditionText(r.condition, settingValues),
    },
    {
      title: t('pages.status.rules.col.mode'),
      dataIndex: 'mode',
      width: 130,
      render: (m: string) => enumLabel('verificationMode', m),
    },
    {
      title: t('pages.status.rules.col.cycle'),
      key: 'cycle',
      width: 140,
      render: (_, r) => (
        <>
          <div style={{ fontWeight: 500 }}>{cycleText(r.cycleMonths)}</div>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('pages.status.rules.countedFromText', { from: enumLabel('countedFrom', r.countedFrom) })}
          </Typography.Text>
        </>
      ),
    },
    {
      title: t('pages.status.rules.col.regulation'),
      key: 'regulation',
      width: 150,
      render: (_, r) => (
        <>
          <div>{regulationText(r)}</div>
          <Tag color={TAG_COLOR[r.tag]} style={{ marginTop: 4 }}>{`[${r.tag}] ${enumLabel('ruleTag', r.tag)}`}</Tag>
        </>
      ),
    },
    {
      title: t('pages.status.rules.col.effective'),
      key: 'effective',
      width: 110,
      render: (_, r) => (
        <>
          <div>{r.effectiveFrom ?? t('pages.status.rules.effectiveOpenStart')}</div>
          <div>{t('pages.status.rules.effectiveTo', { to: r.effectiveTo ?? t('pages.status.rules.effectiveOpenEnd') })}</div>
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
          {r.note && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t('pages.status.rules.noteText', { note: r.note })}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      title: t('pages.status.rules.col.version'),
      key: 'version',
      width: 80,
      render: (_, r) => (
        <>
          <div>{t('pages.status.rules.versionNo', { version: r.version })}</div>
          {r.current ? <Tag color="green">{t('pages.status.rules.current')}</Tag> : <Tag>{t('pages.status.rules.superseded')}</Tag>}
          {!r.active && <Tag color="red">{t('pages.status.rules.inactive')}</Tag>}
        </>
      ),
    },
  ];
  if (history) {
    columns.push({
      title: t('pages.status.rules.col.recorded'),
      key: 'recorded',
      width: 190,
      render: (_, r) => (
        <>
          <div>{t('pages.status.rules.recordedAtBy', { at: fmtTime(r.recordedAt), by: recordedByText(r.recordedBy) })}</div>
          {r.supersededAt && (
            <Typography.Text type="secondary">{t('pages.status.rules.supersededAt', { at: fmtTime(r.supersededAt) })}</Typography.Text>
          )}
          {r.version === 1 && (
            <div>
              <Typography.Text type="secondary">{t('pages.status.rules.baseline')}</Typography.Text>
            </div>
          )}
        </>
      ),
    });
  }
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
      <Card styles={{ body: { padding: 0 } }}>
        <Table<TRule>
          rowKey="id"
          size="middle"
          bordered
          loading={loading}
          columns={columns}
          dataSource={rules}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(r) => (r.current ? {} : { style: { background: '#fafafa', color: 'rgba(0, 0, 0, 0.45)' } })}
        />
      </Card>
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
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void load();
          }}
        />
      )}
    </>
  );
}
