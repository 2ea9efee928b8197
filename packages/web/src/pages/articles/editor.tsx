import { type TArticleRequest, t } from '@qiangjian/shared';
import { ARTICLE_KINDS } from '@qiangjian/shared/data';
import { App, Button, Card, Col, Form, Input, Popconfirm, Row, Select, Space, Spin } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { EnumTag } from '../../components/EnumTag.js';
import { PageTitle } from '../../components/PageTitle.js';
import { useRequest } from '../../hooks/useRequest.js';
import { applyFormError } from '../../services/form-errors.js';
import { createArticle, deleteArticle, getArticle, previewArticle, updateArticle } from '../../services/portal.js';
import { ArticleBody } from '../public/articles/ArticleBody.js';
import { DateInput } from './DateInput.js';

type Values = { kind: string; title: string; author: string; body: string; publishOn?: string; expireOn?: string };
const FIELDS = ['kind', 'title', 'author', 'body', 'publishOn', 'expireOn'] as const;

function toRequest(v: Values): TArticleRequest {
  return {
    kind: v.kind as TArticleRequest['kind'],
    title: v.title,
    author: v.author,
    body: v.body,
    publishOn: v.publishOn || null,
    expireOn: v.expireOn || null,
  };
}

/**
 * The article editor (`/articles/new`, `/articles/:id`): kind, title, author, the first and last day shown, the body in
 * the safe subset; 预览 shows what the server's sanitizer keeps, as the portal will show it (docs/PORTAL.md).
 */
export default function ArticleEditorPage() {
  const { id } = useParams();
  const isNew = id === undefined;
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [preview, setPreview] = useState<string | null>(null);
  const { data, loading } = useRequest(() => getArticle(id as string), [id], { ready: !isNew });
  useEffect(() => {
    if (data)
      form.setFieldsValue({
        kind: data.kind,
        title: data.title,
        author: data.author,
        body: data.bodyHtml,
        publishOn: data.publishOn ?? undefined,
        expireOn: data.expireOn ?? undefined,
      });
  }, [data, form]);

  const save = async () => {
    const v = await form.validateFields();
    setSaving(true);
    try {
      const saved = isNew ? await createArticle(toRequest(v)) : await updateArticle(Number(id), toRequest(v));
      void message.success(t('pages.articles.saved'));
      form.setFieldValue('body', saved.bodyHtml);
      setPreview(saved.bodyHtml);
      if (isNew) void navigate(`/articles/${saved.id}`, { replace: true });
    } catch (err) {
      applyFormError(form, err, FIELDS);
    } finally {
      setSaving(false);
    }
  };
  const showPreview = async () => {
    const r = await previewArticle(form.getFieldValue('body') ?? '');
    setPreview(r.bodyHtml);
  };
  const remove = async () => {
    await deleteArticle(Number(id));
    void message.success(t('pages.articles.deleted'));
    void navigate('/articles');
  };

  if (!isNew && loading && !data) return <Spin />;
  return (
    <>
      <PageTitle
        title={
          <>
            {isNew ? t('menu.articleNew') : t('menu.articleEdit')} {data ? <EnumTag name="articleState" value={data.state} /> : null}
          </>
        }
        extra={
          <Space wrap>
            {data?.state === 'published' ? (
              <Button href={`/p/articles/${data.id}`} target="_blank">
                {t('pages.articles.open')}
              </Button>
            ) : null}
            {!isNew ? (
              <Popconfirm title={t('pages.articles.deleteConfirm')} onConfirm={() => void remove()}>
                <Button danger>{t('pages.articles.delete')}</Button>
              </Popconfirm>
            ) : null}
          </Space>
        }
      />
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <Card>
            <Form form={form} name="article" layout="vertical" initialValues={{ kind: ARTICLE_KINDS[0].id }}>
              <Form.Item name="kind" label={t('pages.articles.kind')} rules={[{ required: true }]}>
                <Select options={ARTICLE_KINDS.map((k) => ({ value: k.id, label: k.label }))} />
              </Form.Item>
              <Form.Item name="title" label={t('pages.articles.title')} rules={[{ required: true, max: 100 }]}>
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="author" label={t('pages.articles.author')} rules={[{ required: true, max: 50 }]}>
                <Input maxLength={50} />
              </Form.Item>
              <Row gutter={12}>
                <Col xs={24} sm={12}>
                  <Form.Item name="publishOn" label={t('pages.articles.publishOn')} extra={t('pages.articles.publishOnHint')}>
                    <DateInput />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={12}>
                  <Form.Item name="expireOn" label={t('pages.articles.expireOn')} extra={t('pages.articles.expireOnHint')}>
                    <DateInput />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item name="body" label={t('pages.articles.body')} extra={t('pages.articles.bodyHint')} rules={[{ required: true }]}>
                <Input.TextArea autoSize={{ minRows: 10, maxRows: 30 }} style={{ fontFamily: 'monospace' }} />
              </Form.Item>
              <Space wrap>
                <Button type="primary" loading={saving} onClick={() => void save()}>
                  {t('pages.articles.save')}
                </Button>
                <Button onClick={() => void showPreview()}>{t('pages.articles.preview')}</Button>
              </Space>
            </Form>
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          {preview !== null ? (
            <Card title={t('pages.articles.previewTitle')} style={{ marginTop: 0 }}>
              <ArticleBody html={preview} />
            </Card>
          ) : null}
        </Col>
      </Row>
    </>
  );
}
