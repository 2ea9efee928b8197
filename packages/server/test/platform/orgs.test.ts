import { describe, expect, it } from 'vitest';
import { useTestApp } from '../db.js';
import { buildOrg } from '../factories.js';

describe('organization kind', () => {
  const t = useTestApp();

  it('cannot change while the organization has user accounts; can while it has none', async () => {
    const { stationA } = t.world;
    const locked = await t.as('admin').patch(`/api/v1/organizations/${stationA.id}`, { kind: 'water_supply' });
    expect(locked.statusCode, locked.body).toBe(409);
    expect(locked.json().error.code).toBe('org_kind_locked');
    expect(locked.json().error.message).toContain('1 个用户账号');
    const after = await t.as('admin').get(`/api/v1/organizations/${stationA.id}`);
    expect(after.json().kind).toBe('gas_station');
    // other fields still change
    expect((await t.as('admin').patch(`/api/v1/organizations/${stationA.id}`, { contactName: '王站长' })).statusCode).toBe(200);

    const empty = await buildOrg(t.ctx, { kind: 'gas_station', regionCode: '150626100' });
    const ok = await t.as('admin').patch(`/api/v1/organizations/${empty.id}`, { kind: 'water_supply' });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().kind).toBe('water_supply');
  });
});

describe('site list', () => {
  const t = useTestApp();

  it("names each site's owner; an enterprise sees only its own sites", async () => {
    const { stationA, siteA, siteB } = t.world;
    const all = await t.as('admin').get('/api/v1/sites?pageSize=100');
    expect(all.statusCode, all.body).toBe(200);
    const a = all.json().items.find((s: { id: number }) => s.id === siteA);
    expect(a.orgName).toBe(stationA.name);
    const own = await t.as('enterpriseA').get('/api/v1/sites?pageSize=100');
    const ids = own.json().items.map((s: { id: number }) => s.id);
    expect(ids).toContain(siteA);
    expect(ids).not.toContain(siteB);
  });
});
