import { CameraOutlined } from '@ant-design/icons';
import { enumLabel, type TInspectionDetail, t } from '@qiangjian/shared';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  DatePicker,
  Input,
  InputNumber,
  List,
  Popconfirm,
  Radio,
  Select,
  Space,
  Spin,
  Tag,
  Typography,
  Upload,
} from 'antd';
import dayjs from 'dayjs';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { ApiError } from '../../../services/api.js';
import {
  clearLocalDraft,
  fileUrl,
  finishInspection,
  getInspection,
  type InspectionContent,
  type ItemInput,
  onsiteError,
  readLocalDraft,
  readPendingPhotos,
  resizedPhoto,
  saveInspection,
  type TargetInstrument,
  targetInstruments,
  uploadPhoto,
  uploadSignature,
  writeLocalDraft,
  writePendingPhotos,
} from '../../../services/inspections.js';
import { SignaturePad } from './SignaturePad.js';

const RETRY_MS = 10_000;
const isNetwork = (e: unknown) => e instanceof ApiError && e.status === 0;

function contentOf(d: TInspectionDetail): InspectionContent {
  return {
    visitedAt: d.visitedAt,
    representative: d.representative,
    answers: d.answers,
    items: d.items.map((i) => ({
      instrumentId: i.instrumentId,
      certificatePresent: i.certificatePresent,
      seals: i.seals,
      selfLockOn: i.selfLockOn,
      tests: i.tests.map((x) => ({ nozzleNo: x.nozzleNo, indicatedL: x.indicatedL, standardL: x.standardL, stopped: x.stopped })),
      note: i.note,
    })),
    note: d.note,
  };
}

function nowLocal(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * 现场检查 (phone-first): the record's sections come from the target kind's checklist data; every change is kept on the
 * phone (localStorage) and saved to the server; when the connection fails the draft stays on the phone and is retried.
 */
export default function InspectionFormPage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [detail, setDetail] = useState<TInspectionDetail | null>(null);
  const [content, setContent] = useState<InspectionContent | null>(null);
  const [pending, setPending] = useState(false);
  const [saving, setSaving] = useState(false);
  const [instruments, setInstruments] = useState<TargetInstrument[]>([]);
  const [search, setSearch] = useState('');
  const [pendingPhotos, setPendingPhotos] = useState(() => readPendingPhotos(id).length);
  const contentRef = useRef<InspectionContent | null>(null);
  /** a save failed on the connection (or the draft came from the phone): the next success says it is uploaded */
  const offline = useRef(false);
  contentRef.current = content;

  useEffect(() => {
    void (async () => {
      const d = await getInspection(id);
      setDetail(d);
      const local = readLocalDraft(id);
      if (local?.pending && d.state === 'draft') {
        setContent(local.content);
        setPending(true);
        offline.current = true;
        void message.info(t('inspections.msg.localNewer'));
      } else setContent({ ...contentOf(d), visitedAt: d.visitedAt ?? nowLocal() });
      if (d.state === 'draft') setInstruments(await targetInstruments(id));
    })();
  }, [id, message]);

  const change = (next: InspectionContent) => {
    setContent(next);
    setPending(true);
    writeLocalDraft(id, { content: next, pending: true, savedAt: new Date().toISOString() });
  };

  const save = useCallback(
    async (quiet = false): Promise<boolean> => {
      const c = contentRef.current;
      if (!c) return false;
      setSaving(true);
      try {
        const d = await saveInspection(id, c);
        setDetail(d);
        setPending(false);
        clearLocalDraft(id);
        if (offline.current) {
          offline.current = false;
          void message.success(t('inspections.msg.synced'));
        } else if (!quiet) void message.success(t('inspections.msg.saved'));
        return true;
      } catch (e) {
        if (isNetwork(e)) {
          offline.current = true;
          writeLocalDraft(id, { content: c, pending: true, savedAt: new Date().toISOString() });
          if (!quiet) void message.warning(t('inspections.msg.offline'));
        } else void message.error((e as Error).message);
        return false;
      } finally {
        setSaving(false);
      }
    },
    [id, message],
  );

  // saved a moment after each change (the status at the visit and the proposals come back with it)
  useEffect(() => {
    if (!pending || !content) return;
    const timer = window.setTimeout(() => void save(true), 1500);
    return () => window.clearTimeout(timer);
  }, [content, pending, save]);

  const flushPhotos = useCallback(async () => {
    let left = readPendingPhotos(id);
    for (const p of [...left]) {
      try {
        await uploadPhoto(id, p.fileName, p.data);
      } catch (e) {
        if (isNetwork(e)) break;
        void message.error((e as Error).message);
      }
      left = left.filter((x) => x !== p);
      writePendingPhotos(id, left);
    }
    setPendingPhotos(left.length);
    if (left.length === 0) setDetail(await getInspection(id));
  }, [id, message]);

  // a draft (and photos) kept on the phone are retried until the server has them
  useEffect(() => {
    if (!pending && pendingPhotos === 0) return;
    const retry = () => {
      if (!navigator.onLine) return;
      if (pendingPhotos > 0) void flushPhotos();
      if (pending) void save(true);
    };
    const timer = window.setInterval(retry, RETRY_MS);
    window.addEventListener('online', retry);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('online', retry);
    };
  }, [pending, pendingPhotos, save, flushPhotos]);

  if (!detail || !content) return <Spin />;
  if (detail.state !== 'draft') {
    return (
      <Alert
        type="info"
        message={t('inspections.detail.frozen')}
        action={<Button onClick={() => navigate(`/supervision/inspections/${id}`)}>{t('inspections.menu.detail')}</Button>}
      />
    );
  }
  const checks = detail.checklist.instrumentChecks;
  const setItem = (k: number, patch: Partial<ItemInput>) =>
    change({ ...content, items: content.items.map((x, i) => (i === k ? { ...x, ...patch } : x)) });
  const addInstrument = (ins: TargetInstrument) => {
    if (content.items.some((x) => x.instrumentId === ins.id)) return;
    const dispenser = ins.category === 'fuel_dispenser';
    change({
      ...content,
      items: [
        ...content.items,
        {
          instrumentId: ins.id,
          certificatePresent: true,
          seals: checks.includes('seals') ? ins.sealNos.map((no) => ({ no, intact: true })) : [],
          selfLockOn: dispenser && checks.includes('selfLock') ? true : null,
          tests: [],
          note: null,
        },
      ],
    });
  };
  const find = async () => {
    const q = search.trim();
    if (!q) return;
    const found = await targetInstruments(id, q);
    if (found[0]) {
      addInstrument(found[0]);
      setSearch('');
    } else void message.warning(t('inspections.instrument.notFound'));
  };
  const onPhotos = async (files: readonly File[] | FileList | null) => {
    for (const f of Array.from(files ?? [])) {
      const data = await resizedPhoto(f);
      try {
        await uploadPhoto(id, f.name, data);
        void message.success(t('inspections.photo.uploaded'));
      } catch (e) {
        if (isNetwork(e)) {
          const list = [...readPendingPhotos(id), { fileName: f.name, data }];
          writePendingPhotos(id, list);
          setPendingPhotos(list.length);
          void message.warning(t('inspections.msg.offline'));
        } else void message.error((e as Error).message);
      }
    }
    setDetail(await getInspection(id));
  };
  const sign = async (role: string, png: string) => {
    await uploadSignature(id, role, png);
    setDetail(await getInspection(id));
  };
  const finish = async () => {
    if (!(await save(true))) return;
    const d = await finishInspection(id);
    clearLocalDraft(id);
    void message.success(t('inspections.msg.finished'));
    void navigate(`/supervision/inspections/${d.id}`);
  };
  const insOf = (instrumentId: number) => instruments.find((x) => x.id === instrumentId);
  const stored = (instrumentId: number) => detail.items.find((x) => x.instrumentId === instrumentId);
  const signed = new Set(detail.files.filter((f) => f.kind === 'signature').map((f) => f.role));
  const photos = detail.files.filter((f) => f.kind === 'photo');
  const rep = content.representative ?? { name: '', title: null, phone: null };

  return (
    <div style={{ maxWidth: 720 }}>
      <PageTitle title={t('inspections.menu.form')} extra={pending ? <Tag color="orange">{t('inspections.msg.offline')}</Tag> : null} />
      <Card size="small" title={t('inspections.section.basic')} style={{ marginBottom: 12 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text strong>{detail.siteName ? `${detail.orgName} · ${detail.siteName}` : detail.orgName}</Typography.Text>
          <Space wrap>
            <EnumTag name="inspectionOrigin" value={detail.origin} />
            {detail.drawTitle ? <span>{detail.drawTitle}</span> : null}
          </Space>
          <div>
            {t('inspections.field.inspectors')}：
            {detail.inspectors.map((i) => (
              <Tag key={i.id}>{t('pages.common.nameCode', { name: i.name, code: i.certNo })}</Tag>
            ))}
          </div>
          <div>
            <div>{t('inspections.field.visitedAt')}</div>
            <DatePicker
              showTime={{ format: 'HH:mm' }}
              format="YYYY-MM-DD HH:mm"
              aria-label={t('inspections.field.visitedAt')}
              value={content.visitedAt ? dayjs(content.visitedAt) : null}
              onChange={(d) => change({ ...content, visitedAt: d ? d.format('YYYY-MM-DDTHH:mm') : null })}
            />
          </div>
          <Input
            aria-label={`${t('inspections.field.representative')} ${t('inspections.field.repName')}`}
            placeholder={`${t('inspections.field.representative')} ${t('inspections.field.repName')}`}
            value={rep.name}
            onChange={(e) => change({ ...content, representative: { ...rep, name: e.target.value } })}
          />
          <Space.Compact block>
            <Input
              aria-label={t('inspections.field.repTitle')}
              placeholder={t('inspections.field.repTitle')}
              value={rep.title ?? ''}
              onChange={(e) => change({ ...content, representative: { ...rep, title: e.target.value || null } })}
            />
            <Input
              aria-label={t('inspections.field.repPhone')}
              placeholder={t('inspections.field.repPhone')}
              value={rep.phone ?? ''}
              onChange={(e) => change({ ...content, representative: { ...rep, phone: e.target.value || null } })}
            />
          </Space.Compact>
        </Space>
      </Card>

      <Card size="small" title={`${t('inspections.section.checklist')} · ${detail.checklist.title}`} style={{ marginBottom: 12 }}>
        {detail.checklist.questions.map((q) => (
          <div key={q.key} style={{ marginBottom: 8 }}>
            <div>{q.label}</div>
            <Radio.Group
              aria-label={q.label}
              value={content.answers[q.key]}
              onChange={(e) => change({ ...content, answers: { ...content.answers, [q.key]: e.target.value } })}
              options={(['yes', 'no', 'na'] as const).map((v) => ({ value: v, label: enumLabel('checklistAnswer', v) }))}
            />
          </div>
        ))}
      </Card>

      <Card size="small" title={t('inspections.section.instruments')} style={{ marginBottom: 12 }}>
        <Space.Compact block style={{ marginBottom: 8 }}>
          <Input
            aria-label={t('inspections.instrument.search')}
            placeholder={t('inspections.instrument.search')}
            value={search}
            onChange={(e) => setSearch(e.target.value)}
            onPressEnter={() => void find()}
          />
          <Button onClick={() => void find()}>{t('inspections.instrument.add')}</Button>
        </Space.Compact>
        <Select
          style={{ width: '100%', marginBottom: 12 }}
          placeholder={t('inspections.instrument.pick')}
          aria-label={t('inspections.instrument.pick')}
          value={null}
          options={instruments
            .filter((x) => !content.items.some((i) => i.instrumentId === x.id))
            .map((x) => ({ value: x.id, label: `${x.instrumentName} ${x.serialNo}` }))}
          onChange={(v: number) => {
            const ins = insOf(v);
            if (ins) addInstrument(ins);
          }}
        />
        {content.items.map((item, k) => {
          const ins = insOf(item.instrumentId);
          const st = stored(item.instrumentId);
          const dispenser = (ins?.category ?? st?.category) === 'fuel_dispenser';
          const name = `${ins?.instrumentName ?? st?.instrumentName ?? ''} ${ins?.serialNo ?? st?.serialNo ?? ''}`;
          return (
            <Card
              key={item.instrumentId}
              size="small"
              type="inner"
              style={{ marginBottom: 8 }}
              title={name}
              data-testid={`item-${item.instrumentId}`}
              extra={
                <Button
                  size="small"
                  danger
                  type="link"
                  onClick={() => change({ ...content, items: content.items.filter((_, i) => i !== k) })}
                >
                  {t('inspections.instrument.remove')}
                </Button>
              }
            >
              <Space direction="vertical" style={{ width: '100%' }}>
                {st?.statusAtVisit ? (
                  <div>
                    {t('inspections.instrument.status')}：<EnumTag name="status" value={st.statusAtVisit} />
                    <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
                      {st.reason}
                    </Typography.Paragraph>
                  </div>
                ) : null}
                {checks.includes('certificate') ? (
                  <Checkbox
                    checked={item.certificatePresent !== false}
                    onChange={(e) => setItem(k, { certificatePresent: e.target.checked })}
                  >
                    {t('inspections.instrument.certificate')}
                  </Checkbox>
                ) : null}
                {item.seals.map((s, j) => (
                  <Checkbox
                    key={s.no}
                    checked={s.intact}
                    onChange={(e) => setItem(k, { seals: item.seals.map((x, i) => (i === j ? { ...x, intact: e.target.checked } : x)) })}
                  >
                    {t('inspections.instrument.sealIntact', { no: s.no })}
                  </Checkbox>
                ))}
                {dispenser && checks.includes('selfLock') ? (
                  <Checkbox checked={item.selfLockOn !== false} onChange={(e) => setItem(k, { selfLockOn: e.target.checked })}>
                    {t('inspections.instrument.selfLock')}
                  </Checkbox>
                ) : null}
                {dispenser && checks.includes('onsiteTest') ? (
                  <div>
                    <Typography.Text strong>{t('inspections.instrument.test')}</Typography.Text>
                    {item.tests.map((x, j) => {
                      const label = t('inspections.instrument.nozzle', { n: x.nozzleNo });
                      const err = x.indicatedL > 0 && x.standardL > 0 ? onsiteError(x.indicatedL, x.standardL) : null;
                      const setTest = (p: Partial<typeof x>) =>
                        setItem(k, { tests: item.tests.map((y, i) => (i === j ? { ...y, ...p } : y)) });
                      return (
                        <div key={x.nozzleNo} style={{ borderTop: '1px solid #f0f0f0', paddingTop: 6, marginTop: 6 }}>
                          <div>{label}</div>
                          <Space wrap>
                            <InputNumber
                              aria-label={`${label} ${t('inspections.instrument.indicated')}`}
                              placeholder={t('inspections.instrument.indicated')}
                              min={0}
                              step={0.01}
                              value={x.indicatedL || null}
                              onChange={(v) => setTest({ indicatedL: Number(v ?? 0) })}
                            />
                            <InputNumber
                              aria-label={`${label} ${t('inspections.instrument.standard')}`}
                              placeholder={t('inspections.instrument.standard')}
                              min={0}
                              step={0.01}
                              value={x.standardL || null}
                              onChange={(v) => setTest({ standardL: Number(v ?? 0) })}
                            />
                          </Space>
                          {err !== null ? (
                            <div>
                              {t('inspections.instrument.error', { error: err.toFixed(2), mpe: detail.mpePct })}{' '}
                              {Math.abs(err) <= detail.mpePct ? (
                                <Tag color="green">{t('inspections.instrument.pass')}</Tag>
                              ) : (
                                <Tag color="red">{t('inspections.instrument.fail')}</Tag>
                              )}
                            </div>
                          ) : null}
                          <Checkbox checked={x.stopped} onChange={(e) => setTest({ stopped: e.target.checked })}>
                            {t('inspections.instrument.stopped')}
                          </Checkbox>
                        </div>
                      );
                    })}
                    {(ins?.nozzles ?? [])
                      .filter((n) => !item.tests.some((x) => x.nozzleNo === n))
                      .slice(0, 1)
                      .map((n) => (
                        <Button
                          key={n}
                          size="small"
                          style={{ marginTop: 6 }}
                          onClick={() =>
                            setItem(k, { tests: [...item.tests, { nozzleNo: n, indicatedL: 0, standardL: 0, stopped: false }] })
                          }
                        >
                          {t('inspections.instrument.addTest')} · {t('inspections.instrument.nozzle', { n })}
                        </Button>
                      ))}
                  </div>
                ) : null}
                <Input
                  aria-label={`${name} ${t('inspections.instrument.note')}`}
                  placeholder={t('inspections.instrument.note')}
                  value={item.note ?? ''}
                  onChange={(e) => setItem(k, { note: e.target.value || null })}
                />
              </Space>
            </Card>
          );
        })}
      </Card>

      <Card size="small" title={t('inspections.section.photos')} style={{ marginBottom: 12 }}>
        <div data-testid="photo-upload" style={{ display: 'inline-block' }}>
          <Upload
            accept="image/*"
            capture="environment"
            multiple
            showUploadList={false}
            // the files are resized and sent by onPhotos: one call per selection, none by the Upload itself
            beforeUpload={(file, list) => {
              if (file === list[list.length - 1]) void onPhotos(list);
              return false;
            }}
          >
            <Button icon={<CameraOutlined />}>{t('inspections.photo.take')}</Button>
          </Upload>
        </div>
        {pendingPhotos > 0 ? <Tag color="orange">{t('inspections.photo.pending', { n: pendingPhotos })}</Tag> : null}
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8, marginTop: 8 }}>
          {photos.map((p) => (
            <a key={p.id} href={fileUrl(id, p.id)} target="_blank" rel="noreferrer">
              <img src={fileUrl(id, p.id)} alt={p.fileName} style={{ width: 96, height: 96, objectFit: 'cover', borderRadius: 4 }} />
            </a>
          ))}
        </div>
      </Card>

      <Card size="small" title={t('inspections.section.proposals')} style={{ marginBottom: 12 }}>
        {detail.proposals.length === 0 ? (
          <Typography.Text type="secondary">{t('inspections.proposal.none')}</Typography.Text>
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t('inspections.proposal.draftHint')}</Typography.Paragraph>
            <List
              size="small"
              dataSource={detail.proposals}
              renderItem={(p) => (
                <List.Item>
                  <List.Item.Meta title={enumLabel('violation', p.code)} description={p.basisText} />
                </List.Item>
              )}
            />
          </>
        )}
      </Card>

      <Card size="small" title={t('inspections.section.signatures')} style={{ marginBottom: 12 }}>
        {(['inspector1', 'inspector2', 'representative'] as const).map((role) => (
          <SignaturePad key={role} label={enumLabel('signatureRole', role)} signed={signed.has(role)} onSave={(png) => sign(role, png)} />
        ))}
      </Card>

      <Space style={{ marginBottom: 24 }} wrap>
        <Button size="large" loading={saving} onClick={() => void save()}>
          {t('inspections.action.saveDraft')}
        </Button>
        <Popconfirm
          title={t('inspections.action.finishConfirm')}
          onConfirm={() => void finish()}
          okText={t('pages.common.ok')}
          cancelText={t('pages.common.cancel')}
        >
          <Button size="large" type="primary">
            {t('inspections.action.finish')}
          </Button>
        </Popconfirm>
      </Space>
    </div>
  );
}
