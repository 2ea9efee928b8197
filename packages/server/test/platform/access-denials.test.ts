import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { verifyAudit } from '../../src/audit/audit.service.js';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import { AccessDenials, flushAccessDenials } from '../../src/http/access-denials.js';
import { useTestApp } from '../db.js';

describe('access denials are audited without flooding', () => {
  const t = useTestApp({ each: true });

  async function denials() {
    const rows = await t.ctx.db
      .selectFrom('audit_log')
      .select(['actor', 'action', 'data'])
      .where('action', 'in', ['access_denied', 'access_denied_overflow'])
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ actor: r.actor, action: r.action, data: JSON.parse(r.data) as Record<string, unknown> }));
  }

  it('50 forbidden requests: one audit entry with count 50; CSRF refusals and scope 404s counted apart', async () => {
    const enterprise = t.as('enterprise');
    for (let i = 0; i < 50; i++) expect((await enterprise.get('/api/v1/audit')).statusCode).toBe(403);
    for (let i = 0; i < 3; i++) {
      const r = await enterprise.post('/api/v1/sites', {}, { headers: { 'x-csrf-token': 'wrong' } });
      expect(r.statusCode).toBe(403);
    }
    const other = await enterprise.get(`/api/v1/organizations/${t.world.stationB.id}`);
    expect(other.statusCode).toBe(404);
    expect(await denials()).toEqual([]);
    await flushAccessDenials(t.app);
    const rows = await denials();
    const user = `user:${t.world.users.enterpriseA.username}`;
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({
      actor: user,
      action: 'access_denied',
      data: { code: 'forbidden', method: 'GET', route: '/api/v1/audit', count: 50 },
    });
    expect(rows[1]).toMatchObject({ data: { code: 'csrf_invalid', method: 'POST', route: '/api/v1/sites', count: 3 } });
    expect(rows[2]).toMatchObject({ data: { code: 'not_found', route: '/api/v1/organizations/:id', count: 1 } });
    await flushAccessDenials(t.app);
    expect(await denials()).toHaveLength(3);
    expect((await verifyAudit(t.ctx, CLI_ACTOR)).ok).toBe(true);
  });

  it('the keys held are bounded: the rest are counted in one overflow entry', async () => {
    const d = new AccessDenials(t.ctx, { windowMs: 60_000, maxKeys: 2 });
    for (let route = 0; route < 5; route++) {
      for (let i = 0; i < 4; i++) {
        d.record(
          {
            actor: null,
            ip: '10.0.0.1',
            method: 'GET',
            url: `/api/v1/r${route}`,
            routeOptions: { url: `/api/v1/r${route}` },
          } as unknown as FastifyRequest,
          'forbidden',
        );
      }
    }
    await d.flush();
    const rows = await denials();
    expect(rows.map((r) => [r.action, r.data.count])).toEqual([
      ['access_denied', 4],
      ['access_denied', 4],
      ['access_denied_overflow', 12],
    ]);
    expect(rows[0]?.data).toMatchObject({ ip: '10.0.0.1' });
  });
});
