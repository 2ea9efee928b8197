import { describe, expect, it } from 'vitest';
import { useTestApp } from '../db.js';
import { buildOrg, buildUser } from '../factories.js';

/** Notices and articles of the portal (docs/PORTAL.md): sanitized on the server, shown only between publish and expire. */
describe('articles', () => {
  const t = useTestApp();
  const body = (o: Record<string, unknown> = {}) => ({
    kind: 'knowledge',
    title: '计量知识',
    author: '县局',
    body: '<p>正文</p>',
    publishOn: '2024-10-01',
    expireOn: null,
    ...o,
  });

  it('stores the body sanitized (script, handlers, javascript: links gone) and previews the same way', async () => {
    const hostile =
      '<p onclick="x()">安全<script>alert(1)</script><img src=x onerror=alert(2)><a href="javascript:alert(3)">坏链接</a><a href="https://www.samr.gov.cn/">好链接</a></p><style>*{}</style>';
    const res = await t.as('regulator').post('/api/v1/articles', body({ body: hostile }));
    expect(res.statusCode, res.body).toBe(201);
    const a = res.json();
    expect(a.bodyHtml).toBe('<p>安全坏链接<a href="https://www.samr.gov.cn/" rel="noopener noreferrer" target="_blank">好链接</a></p>');
    expect(a.summary).toBe('安全坏链接好链接');
    expect(a.state).toBe('published');
    const row = await t.ctx.db.selectFrom('articles').select('body_html').where('id', '=', a.id).executeTakeFirstOrThrow();
    expect(row.body_html).not.toMatch(/script|onerror|onclick|javascript/i);
    const preview = await t.as('regulator').post('/api/v1/articles/preview', { body: hostile });
    expect(preview.json().bodyHtml).toBe(a.bodyHtml);
    const audit = await t.ctx.db.selectFrom('audit_log').select(['action', 'org_id']).where('entity_type', '=', 'article').execute();
    expect(audit).toEqual([{ action: 'article_created', org_id: t.world.bureau.id }]);
  });

  it('shows on the portal only what is published and not expired; the rest answers 404', async () => {
    const make = async (title: string, publishOn: string | null, expireOn: string | null) => {
      const r = await t.as('regulator').post('/api/v1/articles', body({ title, publishOn, expireOn, kind: 'exposure' }));
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as number;
    };
    // today is 2024-10-15 (the test clock)
    const draft = await make('草稿', null, null);
    const later = await make('明天发布', '2024-10-16', null);
    const today = await make('今天发布', '2024-10-15', null);
    const lastDay = await make('今天最后一天', '2024-09-01', '2024-10-15');
    const expired = await make('昨天已下线', '2024-09-01', '2024-10-14');
    const list = await t.anonymous.get('/api/v1/public/articles?kind=exposure&pageSize=50');
    expect(list.statusCode).toBe(200);
    expect(list.json().items.map((a: { title: string }) => a.title)).toEqual(['今天发布', '今天最后一天']);
    expect(list.json().items[0]).not.toHaveProperty('bodyHtml');
    for (const id of [draft, later, expired]) expect((await t.anonymous.get(`/api/v1/public/articles/${id}`)).statusCode).toBe(404);
    for (const id of [today, lastDay]) expect((await t.anonymous.get(`/api/v1/public/articles/${id}`)).statusCode).toBe(200);
    const states = (await t.as('regulator').get('/api/v1/articles?kind=exposure&pageSize=50'))
      .json()
      .items.map((a: { title: string; state: string }) => [a.title, a.state]);
    expect(Object.fromEntries(states)).toEqual({
      草稿: 'draft',
      明天发布: 'scheduled',
      今天发布: 'published',
      今天最后一天: 'published',
      昨天已下线: 'expired',
    });
    // a day later: the scheduled one shows, the last-day one is gone
    t.ctx.clock.set('2024-10-16T02:00:00.000Z');
    try {
      const next = await t.anonymous.get('/api/v1/public/articles?kind=exposure&pageSize=50');
      expect(next.json().items.map((a: { title: string }) => a.title)).toEqual(['明天发布', '今天发布']);
      expect((await t.anonymous.get(`/api/v1/public/articles/${lastDay}`)).statusCode).toBe(404);
    } finally {
      t.ctx.clock.set('2024-10-15T02:00:00.000Z');
    }
  });

  it('refuses an expire date before the publish date and a body with no text, naming the field', async () => {
    const bad = await t.as('regulator').post('/api/v1/articles', body({ publishOn: '2024-10-10', expireOn: '2024-10-09' }));
    expect([bad.statusCode, bad.json().error.code, bad.json().error.details.field]).toEqual([
      400,
      'article_expire_before_publish',
      'expireOn',
    ]);
    expect(bad.json().error.message).toContain('下线日期');
    const empty = await t.as('regulator').post('/api/v1/articles', body({ body: '<script>alert(1)</script><p> </p>' }));
    expect([empty.statusCode, empty.json().error.code, empty.json().error.details.field]).toEqual([400, 'article_body_empty', 'body']);
    const badKind = await t.as('regulator').post('/api/v1/articles', body({ kind: 'gossip' }));
    expect(badKind.statusCode).toBe(400);
  });

  it('updates and deletes with an audit entry; a bureau of another county reaches nothing (404)', async () => {
    const a = (await t.as('regulator').post('/api/v1/articles', body({ title: '原标题' }))).json();
    const upd = await t.as('regulator').put(`/api/v1/articles/${a.id}`, body({ title: '新标题', body: '<h3>小标题</h3><p>新正文</p>' }));
    expect([upd.statusCode, upd.json().title, upd.json().bodyHtml]).toEqual([200, '新标题', '<h3>小标题</h3><p>新正文</p>']);
    const bureau2 = await buildOrg(t.ctx, { kind: 'bureau', regionCode: '150627' });
    const regulator2 = await buildUser(t.ctx, { role: 'regulator', orgId: bureau2.id });
    expect((await t.as(regulator2).get(`/api/v1/articles/${a.id}`)).statusCode).toBe(404);
    expect((await t.as(regulator2).put(`/api/v1/articles/${a.id}`, body({ title: 'IDOR' }))).statusCode).toBe(404);
    expect((await t.as(regulator2).delete(`/api/v1/articles/${a.id}`)).statusCode).toBe(404);
    expect((await t.as(regulator2).get('/api/v1/articles')).json().items).toEqual([]);
    expect((await t.as('regulator').get(`/api/v1/articles/${a.id}`)).json().title).toBe('新标题');
    expect((await t.as('regulator').delete(`/api/v1/articles/${a.id}`)).statusCode).toBe(204);
    const actions = await t.ctx.db
      .selectFrom('audit_log')
      .select('action')
      .where('entity_type', '=', 'article')
      .where('entity_id', '=', String(a.id))
      .orderBy('id')
      .execute();
    expect(actions.map((x) => x.action)).toEqual(['article_created', 'article_updated', 'article_deleted']);
  });

  it('only a regulator (and admin) writes; other roles get 403', async () => {
    for (const role of ['inspector', 'enterprise', 'institution', 'viewer'] as const) {
      expect((await t.as(role).post('/api/v1/articles', body())).statusCode, role).toBe(403);
      expect((await t.as(role).get('/api/v1/articles')).statusCode, role).toBe(403);
    }
    expect((await t.as('admin').post('/api/v1/articles', body())).statusCode).toBe(201);
  });
});
