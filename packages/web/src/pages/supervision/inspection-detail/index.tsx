import { enumLabel, t } from '@qiangjian/shared';
import { Alert, App, Button, Card, Descriptions, Input, List, Modal, Popconfirm, Rate, Space, Spin, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { EnumTag } from '../../../components/EnumTag.js';
import { PageTitle } from '../../../components/PageTitle.js';
import { useAccess } from '../../../hooks/useAccess.js';
import { useRequest } from '../../../hooks/useRequest.js';
import { formatDateTime } from '../../../lib/format.js';
import { correctInspection, decideProposal, fileUrl, getInspection, rateInspection } from '../../../services/inspections.js';
import { getInspectionDisclosure, inspectionRecordUrl, publishInspectionResult } from '../../../services/supervision.js';

/** 检查记录详情: the visit (inspectors with 执法证号, origin and draw), instruments checked, photos, signatures, findings, rating. */
export default function InspectionDetailPage() {
  const { id: idParam } = useParams();
  const id = Number(idParam);
  const access = useAccess();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const req = useRequest(() => getInspection(id), [id]);
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState('');
  const [correcting, setCorrecting] = useState(false);
  const [reason, setReason] = useState('');
  const [note, setNote] = useState('');
  const [publishing, setPublishing] = useState(false);
  const pub = useRequest(() => getInspectionDisclosure(id), [id]);
  const d = req.data;
  if (!d) return <Spin />;
  const writer = access.can('inspection.write');
  const publish = async () => {
    setPublishing(true);
    try {
      const r = await publishInspectionResult(id);
      pub.setData(r);
      void message.success(t('pages.inspectionRecord.published', { until: r.disclosure?.until ?? '' }));
    } finally {
      setPublishing(false);
    }
  };
  const disclosure = pub.data?.disclosure ?? null;
  const party = access.can('inspection.read_own') && !access.can('inspection.read');
  const decide = async (pid: number, decision: 'confirm' | 'dismiss') => {
    req.setData(await decideProposal(id, pid, decision));
    void message.success(t('inspections.msg.decided'));
  };
  const rate = async () => {
    req.setData(await rateInspection(id, stars, comment.trim() || null));
    void message.success(t('inspections.msg.rated'));
  };
  const correct = async () => {
    req.setData(await correctInspection(id, { reason, note: note || null }));
    setCorrecting(false);
    void message.success(t('inspections.msg.corrected'));
  };
  const photos = d.files.filter((f) => f.kind === 'photo');
  const signatures = d.files.filter((f) => f.kind === 'signature');
  const nameOf = (instrumentId: number) => {
    const i = d.items.find((x) => x.instrumentId === instrumentId);
    return i ? `${i.instrumentName} ${i.serialNo}` : String(instrumentId);
  };
  return (
    <div style={{ maxWidth: 900 }}>
      <PageTitle
        title={t('inspections.menu.detail')}
        extra={
          <Space wrap>
            <Button href={inspectionRecordUrl(id, 'pdf')} target="_blank" rel="noreferrer">
              {t('pages.inspectionRecord.print')}
            </Button>
            <Button href={inspectionRecordUrl(id, 'docx')}>{t('pages.inspectionRecord.word')}</Button>
            {d.state === 'draft' && writer ? (
              <Button type="primary" onClick={() => navigate(`/supervision/inspections/${id}/edit`)}>
                {t('inspections.action.edit')}
              </Button>
            ) : null}
            {d.state === 'finished' && writer ? (
              <Button onClick={() => setCorrecting(true)}>{t('inspections.action.correct')}</Button>
            ) : null}
          </Space>
        }
      />
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions column={{ xs: 1, md: 2 }} size="small">
          <Descriptions.Item label={t('inspections.field.target')}>
            {d.siteName ? `${d.orgName} · ${d.siteName}` : d.orgName}
          </Descriptions.Item>
          <Descriptions.Item label={t('inspections.field.state')}>
            <EnumTag name="inspectionState" value={d.state} />
          </Descriptions.Item>
          <Descriptions.Item label={t('inspections.field.origin')}>
            <EnumTag name="inspectionOrigin" value={d.origin} />
            {d.repeatedVisitFlag ? <Tag color="red">{t('inspections.field.repeatedFlag', { n: d.adhocVisits })}</Tag> : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('inspections.field.draw')}>
            {d.drawId !== null ? (
              <a href={`/public/draws/${d.drawId}`} target="_blank" rel="noreferrer">
                {d.drawTitle}
              </a>
            ) : (
              t('pages.common.none')
            )}
          </Descriptions.Item>
          <Descriptions.Item label={t('inspections.field.visitedAt')}>{d.visitedAt?.replace('T', ' ') ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('inspections.field.representative')}>
            {d.representative ? [d.representative.name, d.representative.title, d.representative.phone].filter(Boolean).join(' · ') : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('inspections.field.inspectors')} span={2}>
            <Space wrap size={4}>
              {d.inspectors.map((i) => (
                <Tag key={i.id}>{t('pages.common.nameCode', { name: i.name, code: i.certNo })}</Tag>
              ))}
            </Space>
          </Descriptions.Item>
          {d.note ? <Descriptions.Item label={t('inspections.field.note')}>{d.note}</Descriptions.Item> : null}
          {d.finishedAt ? (
            <Descriptions.Item label={t('inspections.field.finishedAt')}>{formatDateTime(d.finishedAt)}</Descriptions.Item>
          ) : null}
        </Descriptions>
        {d.state === 'finished' ? <Alert style={{ marginTop: 8 }} type="info" showIcon message={t('inspections.detail.frozen')} /> : null}
      </Card>

      {d.origin === 'random' && d.state === 'finished' && !party ? (
        <Card size="small" title={t('pages.inspectionRecord.disclosure')} style={{ marginBottom: 12 }} data-testid="inspection-disclosure">
          <Space wrap>
            {disclosure ? (
              <>
                <Tag color={disclosure.active ? 'green' : 'default'}>
                  {disclosure.active
                    ? t('pages.inspectionRecord.published', { until: disclosure.until })
                    : t('pages.inspectionRecord.expired', { until: disclosure.until })}
                </Tag>
                <a href="/public/disclosures?kind=inspection_result" target="_blank" rel="noreferrer">
                  {t('pages.inspectionRecord.publicLink')}
                </a>
              </>
            ) : (
              <>
                <Tag>{t('pages.inspectionRecord.notPublished')}</Tag>
                {writer ? (
                  <Popconfirm
                    title={t('pages.inspectionRecord.publishConfirm')}
                    okText={t('pages.common.ok')}
                    cancelText={t('pages.common.cancel')}
                    onConfirm={() => void publish()}
                  >
                    <Button type="primary" loading={publishing}>
                      {t('pages.inspectionRecord.publish')}
                    </Button>
                  </Popconfirm>
                ) : null}
              </>
            )}
          </Space>
        </Card>
      ) : null}

      <Card size="small" title={t('inspections.section.proposals')} style={{ marginBottom: 12 }}>
        {d.proposals.length === 0 ? (
          <Typography.Text type="secondary">{t('inspections.proposal.none')}</Typography.Text>
        ) : (
          <List
            dataSource={d.proposals}
            renderItem={(p) => (
              <List.Item
                data-testid={`proposal-${p.code}`}
                actions={
                  p.state === 'proposed' && writer && p.id !== null && d.state === 'finished'
                    ? [
                        <Button key="c" type="primary" size="small" onClick={() => void decide(p.id as number, 'confirm')}>
                          {t('inspections.action.confirm')}
                        </Button>,
                        <Button key="d" size="small" onClick={() => void decide(p.id as number, 'dismiss')}>
                          {t('inspections.action.dismiss')}
                        </Button>,
                      ]
                    : [<EnumTag key="s" name="proposalState" value={p.state} />]
                }
              >
                <List.Item.Meta
                  title={enumLabel('violation', p.code)}
                  description={
                    <>
                      <div>{p.basisText}</div>
                      {p.instrumentIds.length ? (
                        <div>{t('inspections.proposal.instruments', { list: p.instrumentIds.map(nameOf).join('、') })}</div>
                      ) : null}
                    </>
                  }
                />
              </List.Item>
            )}
          />
        )}
      </Card>

      <Card size="small" title={t('inspections.section.instruments')} style={{ marginBottom: 12 }}>
        <List
          dataSource={d.items}
          renderItem={(i) => (
            <List.Item>
              <List.Item.Meta
                title={
                  <Space wrap>
                    <span>{`${i.instrumentName} ${i.serialNo}`}</span>
                    <EnumTag name="status" value={i.statusAtVisit} />
                  </Space>
                }
                description={
                  <>
                    {i.reason ? <div>{i.reason}</div> : null}
                    {i.certificatePresent === false ? <Tag color="red">{t('inspections.instrument.certificate')} ✗</Tag> : null}
                    {i.seals.map((s) => (
                      <Tag key={s.no} color={s.intact ? 'green' : 'red'}>
                        {t('inspections.instrument.sealIntact', { no: s.no })} {s.intact ? '✓' : '✗'}
                      </Tag>
                    ))}
                    {i.selfLockOn === false ? <Tag color="red">{t('inspections.instrument.selfLock')} ✗</Tag> : null}
                    {i.tests.map((x) => (
                      <div key={x.nozzleNo}>
                        {t('inspections.instrument.nozzle', { n: x.nozzleNo })}{' '}
                        {t('inspections.instrument.error', { error: x.errorPct.toFixed(2), mpe: x.mpePct })}{' '}
                        <Tag color={x.passed ? 'green' : 'red'}>
                          {x.passed ? t('inspections.instrument.pass') : t('inspections.instrument.fail')}
                        </Tag>
                        {x.stopped ? <Tag>{t('inspections.instrument.stopped')}</Tag> : null}
                      </div>
                    ))}
                    {i.note ? <div>{i.note}</div> : null}
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>

      <Card size="small" title={t('inspections.section.photos')} style={{ marginBottom: 12 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
          {photos.map((p) => (
            <a key={p.id} href={fileUrl(id, p.id)} target="_blank" rel="noreferrer" title={`SHA-256 ${p.sha256}`}>
              <img src={fileUrl(id, p.id)} alt={p.fileName} style={{ width: 96, height: 96, objectFit: 'cover', borderRadius: 4 }} />
            </a>
          ))}
        </div>
      </Card>

      <Card size="small" title={t('inspections.section.signatures')} style={{ marginBottom: 12 }}>
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 12 }}>
          {signatures.map((s) => (
            <figure key={s.id} style={{ margin: 0 }}>
              <img
                src={fileUrl(id, s.id)}
                alt={enumLabel('signatureRole', s.role ?? '')}
                style={{ width: 180, border: '1px solid #eee' }}
              />
              <figcaption>{enumLabel('signatureRole', s.role ?? '')}</figcaption>
            </figure>
          ))}
        </div>
      </Card>

      {d.state === 'finished' ? (
        <Card size="small" title={t('inspections.section.rating')} style={{ marginBottom: 12 }}>
          {d.rating !== null ? (
            <Space direction="vertical">
              <Rate disabled value={d.rating} />
              <span>{t('inspections.detail.rated', { stars: d.rating })}</span>
              {d.ratingComment ? <span>{d.ratingComment}</span> : null}
            </Space>
          ) : party ? (
            <Space direction="vertical" style={{ width: '100%' }}>
              <Rate value={stars} onChange={setStars} />
              <Input.TextArea
                aria-label={t('inspections.action.ratingComment')}
                placeholder={t('inspections.action.ratingComment')}
                value={comment}
                onChange={(e) => setComment(e.target.value)}
              />
              <Button type="primary" disabled={stars === 0} onClick={() => void rate()}>
                {t('inspections.action.rate')}
              </Button>
            </Space>
          ) : (
            <Typography.Text type="secondary">—</Typography.Text>
          )}
        </Card>
      ) : null}

      {d.corrections.length ? (
        <Card size="small" title={t('inspections.section.corrections')} style={{ marginBottom: 12 }}>
          <List
            size="small"
            dataSource={d.corrections}
            renderItem={(c) => (
              <List.Item>
                {formatDateTime(c.at)} · {c.by} · {c.reason}
              </List.Item>
            )}
          />
        </Card>
      ) : null}

      <Modal
        open={correcting}
        title={t('inspections.action.correct')}
        onCancel={() => setCorrecting(false)}
        onOk={() => void correct()}
        okButtonProps={{ disabled: !reason.trim() }}
        okText={t('pages.common.save')}
        cancelText={t('pages.common.cancel')}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input
            aria-label={t('inspections.action.correctReason')}
            placeholder={t('inspections.action.correctReason')}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
          <Input.TextArea
            aria-label={t('inspections.field.note')}
            placeholder={t('inspections.field.note')}
            value={note}
            onChange={(e) => setNote(e.target.value)}
          />
        </Space>
      </Modal>
    </div>
  );
}
