import { describe, expect, it } from 'vitest';
import { recordAuditAlone } from '../../src/audit/audit.service.js';
import { CLI_ACTOR, SYSTEM_ACTOR } from '../../src/auth/actor.js';
import { useTestApp } from '../db.js';

/**
 * GET /api/v1/audit as the 审计日志 page uses it: filters (action, entity, organization, date range in the
 * configured zone, actor), the organization's and the actor's names, the hash; a reversed date range is refused
 * naming `to`; roles without audit.read get 403.
 */
describe('audit log list', () => {
  const t = useTestApp();
  // a new session per request: the test moves the clock past the sessions' lifetime
  const as = (who: Parameters<typeof t.as>[0]) => t.as(who, { newSession: true });
  type Entry = {
    id: number;
    at: string;
    actor: string;
    actorName: string | null;
    action: string;
    entityType: string | null;
    entityId: string | null;
    orgId: number | null;
    orgName: string | null;
    hash: string;
    data: { changes?: Record<string, { before: unknown; after: unknown }> };
  };
  const list = async (query: string, who: 'admin' | 'regulator' = 'admin') => {
    const r = await as(who).get(`/api/v1/audit?${query}`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json() as { items: Entry[]; total: number };
  };

  it('filters by action, organization, entity, date (zone Asia/Shanghai) and actor, naming organization and actor', async () => {
    const { stationA, stationB, users } = t.world;
    // 2024-10-15T02:00Z = 2024-10-15 10:00 in Asia/Shanghai
    t.ctx.clock.set('2024-10-15T02:00:00.000Z');
    expect((await as('admin').patch(`/api/v1/organizations/${stationA.id}`, { address: '一号路' })).statusCode).toBe(200);
    // 2024-10-16T17:00Z is already 2024-10-17 01:00 in Asia/Shanghai
    t.ctx.clock.set('2024-10-16T17:00:00.000Z');
    expect((await as('regulator').patch(`/api/v1/organizations/${stationA.id}`, { address: '二号路' })).statusCode).toBe(200);
    expect((await as('admin').patch(`/api/v1/organizations/${stationB.id}`, { address: '三号路' })).statusCode).toBe(200);

    const a = await list(`action=org_updated&orgId=${stationA.id}`);
    expect(a.total).toBe(2);
    // newest first
    expect(a.items.map((e) => e.data.changes?.address?.after)).toEqual(['二号路', '一号路']);
    const first = a.items[1] as Entry;
    expect(first).toMatchObject({
      action: 'org_updated',
      entityType: 'organization',
      entityId: String(stationA.id),
      orgId: stationA.id,
      orgName: stationA.name,
      actor: `user:${users.admin.username}`,
      actorName: users.admin.username,
    });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.data.changes?.address).toEqual({ before: null, after: '一号路' });

    const byEntity = await list(`entityType=organization&entityId=${stationB.id}`);
    expect(byEntity.items.map((e) => e.action)).toEqual(['org_updated']);

    // dates are the configured zone's: 2024-10-16 (Shanghai) holds none of them, 2024-10-17 the later two
    const day15 = await list(`action=org_updated&from=2024-10-15&to=2024-10-15`);
    expect(day15.items.map((e) => e.data.changes?.address?.after)).toEqual(['一号路']);
    expect((await list(`action=org_updated&from=2024-10-16&to=2024-10-16`)).total).toBe(0);
    const from17 = await list(`action=org_updated&from=2024-10-17`);
    expect(from17.items.map((e) => e.data.changes?.address?.after).sort()).toEqual(['三号路', '二号路']);
    const to16 = await list(`action=org_updated&to=2024-10-16`);
    expect(to16.items.map((e) => e.data.changes?.address?.after)).toEqual(['一号路']);

    const byRegulator = await list(`action=org_updated&actor=${users.regulator.username}`, 'regulator');
    expect(byRegulator.items.map((e) => e.data.changes?.address?.after)).toEqual(['二号路']);
    expect(byRegulator.items[0]?.actorName).toBe(users.regulator.username);
    expect((await list(`actor=nobody-here`)).total).toBe(0);
  });

  it('names the CLI and the system as actors without a user name', async () => {
    await recordAuditAlone(t.ctx, SYSTEM_ACTOR, { action: 'status_refreshed', entityType: null, entityId: null, data: {} });
    await recordAuditAlone(t.ctx, CLI_ACTOR, { action: 'database_backed_up', entityType: null, entityId: null, data: {} });
    const sys = await list('actor=system');
    expect(sys.items.map((e) => e.action)).toContain('status_refreshed');
    for (const e of sys.items) expect(e).toMatchObject({ actor: 'system', actorName: null });
    const cli = await list('actor=cli&action=database_backed_up');
    expect(cli.items).toEqual([expect.objectContaining({ actor: 'cli', actorName: null, orgName: null })]);
  });

  it('refuses a date range whose end lies before its start, naming `to`; a malformed date names the parameter', async () => {
    const bad = await as('admin').get('/api/v1/audit?from=2024-10-17&to=2024-10-16');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'invalid_parameter', details: { name: 'to' } });
    expect(bad.json().error.message).toContain('结束日期早于开始日期');
    const malformed = await as('admin').get('/api/v1/audit?from=2024-13-01');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().error.code).toBe('validation_failed');
    expect(malformed.json().error.details).toEqual([expect.objectContaining({ field: 'querystring.from' })]);
  });

  it('answers 403 to roles without audit.read (and to them only)', async () => {
    for (const who of ['viewer', 'inspector', 'enterprise', 'institution'] as const) {
      const r = await as(who).get('/api/v1/audit?action=login');
      expect(r.statusCode, who).toBe(403);
      expect(r.json().error.code).toBe('forbidden');
    }
    expect((await as('regulator').get('/api/v1/audit')).statusCode).toBe(200);
    // verifying and the checkpoint are the administrator's (audit.verify)
    expect((await as('regulator').post('/api/v1/audit/verify', {})).statusCode).toBe(403);
    const v = await as('admin').post('/api/v1/audit/verify', {});
    expect(v.statusCode).toBe(200);
    expect(v.json()).toMatchObject({ ok: true, problems: [] });
  });
});
