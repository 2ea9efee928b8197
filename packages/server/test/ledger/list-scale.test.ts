import { DUE_LIST_DEFAULT_STATUSES, INSTRUMENT_SORTS, t as tr } from '@qiangjian/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import { instrumentScopeFilter } from '../../src/auth/scope.js';
import { testPgUrl } from '../../src/config.js';
import { runLedgerImport } from '../../src/modules/ledger/import/ledger-import.service.js';
import type { InstrumentListParams } from '../../src/modules/ledger/instruments.repository.js';
import { explainInstrumentPage } from '../../src/modules/ledger/instruments.repository.js';
import { explainDueListPage } from '../../src/modules/status/status.repository.js';
import { refreshStatuses } from '../../src/modules/status/status.service.js';
import { useTestApp } from '../db.js';
import { buildInstrument } from '../factories.js';
import { waterCsv } from '../files.js';

/** Lists at scale: the capped count (QIANGJIAN_LIST_COUNT_CAP, here 5) and deep pages, on both engines. */
describe('list totals are counted up to the cap', () => {
  const t = useTestApp({ config: { listCountCap: 5 } }); // 2024-10-15
  beforeAll(async () => {
    const { ctx, world } = t;
    // station A: 7 dispensers verified 2024-01-05 (overdue: on the due list); station B: 5, exactly the cap
    for (let i = 1; i <= 7; i++)
      await buildInstrument(ctx, { orgId: world.stationA.id, serialNo: `A-${i}`, verifications: [{ date: '2024-01-05' }] });
    for (let i = 1; i <= 5; i++)
      await buildInstrument(ctx, {
        orgId: world.stationB.id,
        serialNo: `B-${i}`,
        adminDivisionCode: '150626102',
        verifications: [{ date: '2024-01-05' }],
      });
    await refreshStatuses(t.ctx);
  });

  for (const [name, url] of [
    ['instrument list', '/api/v1/instruments'],
    ['due list', '/api/v1/due-list'],
  ] as const) {
    it(`${name}: more rows than the cap → total = cap, totalCapped; pages inside the cap still page`, async () => {
      const a = t.as('enterpriseA');
      const first = await a.get(`${url}?pageSize=2`);
      expect(first.statusCode).toBe(200);
      expect(first.json()).toMatchObject({ total: 5, totalCapped: true, page: 1, pageSize: 2 });
      expect(first.json().items).toHaveLength(2);
      // page 3 starts at row 5 (offset 4 < cap): served, in order
      const third = await a.get(`${url}?pageSize=2&page=3`);
      expect(third.statusCode).toBe(200);
      expect(third.json()).toMatchObject({ total: 5, totalCapped: true });
      expect(third.json().items.map((i: { serialNo: string }) => i.serialNo)).toEqual(['A-5', 'A-6']);
    });

    it(`${name}: a page starting beyond the cap is refused with list_too_deep in Chinese`, async () => {
      const res = await t.as('enterpriseA').get(`${url}?pageSize=2&page=4`);
      expect(res.statusCode).toBe(400);
      expect(res.json().error.code).toBe('list_too_deep');
      expect(res.json().error.message).toBe(tr('errors.list_too_deep', { cap: '5' }));
    });

    it(`${name}: at most the cap → the exact total, not capped; a page past the end is empty`, async () => {
      const b = t.as('enterpriseB');
      const res = await b.get(`${url}?pageSize=2`);
      expect(res.json()).toMatchObject({ total: 5, totalCapped: false });
      const past = await b.get(`${url}?pageSize=2&page=9`);
      expect(past.statusCode).toBe(200);
      expect(past.json()).toMatchObject({ total: 5, totalCapped: false, items: [] });
      const few = await t.as('enterpriseA').get(`${url}?pageSize=2&category=water_meter`);
      expect(few.json()).toMatchObject({ total: 0, totalCapped: false, items: [] });
    });
  }

  it('the regulator over both stations: capped too', async () => {
    const res = await t.as('regulator').get('/api/v1/instruments?pageSize=20');
    expect(res.json()).toMatchObject({ total: 5, totalCapped: true });
    expect(res.json().items).toHaveLength(12);
  });

  it('a count kept between requests (SQLite) is counted again after any write', async () => {
    const b = t.as('enterpriseB');
    expect((await b.get('/api/v1/instruments?pageSize=2')).json()).toMatchObject({ total: 5, totalCapped: false });
    expect((await b.get('/api/v1/instruments?pageSize=2&page=2')).json()).toMatchObject({ total: 5, totalCapped: false });
    await buildInstrument(t.ctx, { orgId: t.world.stationB.id, serialNo: 'B-6', adminDivisionCode: '150626102' });
    expect((await b.get('/api/v1/instruments?pageSize=2')).json()).toMatchObject({ total: 5, totalCapped: true });
    await t.ctx.db.deleteFrom('instruments').where('serial_no', '=', 'B-6').execute();
    expect((await b.get('/api/v1/instruments?pageSize=2')).json()).toMatchObject({ total: 5, totalCapped: false });
  });
});

/**
 * Page 1 of an organization's lists is read in index order (migration 20261206T2300_list_indexes): SQLite's
 * plan has no "USE TEMP B-TREE FOR ORDER BY" (a sort of every matching row) for any sort of the instrument
 * list, for its common filters, and for the due list.
 */
describe.runIf(testPgUrl() === undefined)('list pages use their indexes (SQLite query plan)', () => {
  const t = useTestApp();
  beforeAll(async () => {
    for (let i = 1; i <= 30; i++)
      await buildInstrument(t.ctx, { orgId: t.world.stationA.id, serialNo: `P-${i}`, verifications: [{ date: '2024-01-05' }] });
    await refreshStatuses(t.ctx);
  });
  const scope = () => instrumentScopeFilter({ kind: 'org', orgId: t.world.stationA.id });
  const page = (o: Partial<InstrumentListParams>): InstrumentListParams => ({
    page: 1,
    pageSize: 20,
    sort: 'serialNo',
    order: 'asc',
    ...o,
  });

  for (const sort of INSTRUMENT_SORTS)
    for (const order of ['asc', 'desc'] as const)
      it(`instrument list sorted by ${sort} ${order}: no temp b-tree`, async () => {
        const plan = await explainInstrumentPage(t.ctx.db, 'sqlite', scope(), page({ sort, order }));
        expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
        expect(plan.join('\n')).toMatch(/USING (COVERING )?INDEX /);
      });

  for (const filter of [{ category: 'fuel_dispenser' }, { status: 'overdue' }] as const)
    it(`instrument list filtered by ${Object.keys(filter)[0]}, default sort: no temp b-tree`, async () => {
      const plan = await explainInstrumentPage(t.ctx.db, 'sqlite', scope(), page(filter));
      expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    });

  it('due list of an organization: walked in due-date order, no temp b-tree', async () => {
    const f = { statuses: [...DUE_LIST_DEFAULT_STATUSES] };
    const plan = await explainDueListPage(t.ctx.db, 'sqlite', scope(), f, { page: 1, pageSize: 20 });
    expect(plan.join('\n')).not.toMatch(/TEMP B-TREE/);
    expect(plan.join('\n')).toMatch(/INDEX instruments_org_due/);
  });
});

/**
 * The health check reads on its own connection (`handle.reader()`): it answers while a long write transaction
 * (a bulk import, a status refresh) holds the main connection, instead of queueing behind it. The transaction
 * here stays open until the health answer arrives or 200 event-loop turns have passed; the order shows which came first.
 * PostgreSQL's pool has other connections anyway (and its answer needs network turns), so this runs on SQLite.
 */
describe.runIf(testPgUrl() === undefined)('health during a long write transaction (SQLite: one connection for writes)', () => {
  const t = useTestApp();
  it('/health answers while the write transaction is still open', async () => {
    const order: string[] = [];
    let answered = false;
    const health = t.app.inject({ method: 'GET', url: '/api/v1/health' }).then((r) => {
      answered = true;
      order.push(`health ${r.statusCode}`);
    });
    const writer = t.ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('organizations').set({ updated_at: '2024-10-15T02:00:00.000Z' }).where('id', '=', t.world.water.id).execute();
      for (let i = 0; i < 200 && !answered; i++) await new Promise((r) => setImmediate(r));
      order.push('transaction end');
    });
    await Promise.all([health, writer]);
    expect(order).toEqual(['health 200', 'transaction end']);
  });
});

/**
 * A bulk import yields to the event loop between its 1,000-row chunks: the server answers /health (on its own
 * read connection) while a 10,000-row import is still running, not after it. Without the yield every chunk's
 * statements run back to back as microtasks and the health answer comes after the import.
 */
describe.runIf(testPgUrl() === undefined)('health during a bulk import (SQLite)', () => {
  const t = useTestApp();
  it('/health sent after the first chunk answers before the 10,000-row import has finished', async () => {
    // over a real socket: an injected request needs no event-loop turn, a network one does
    const url = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const order: string[] = [];
    let health: Promise<unknown> | undefined;
    // the health request is sent once the first chunk is written (the import's progress report)
    const imported = runLedgerImport(t.ctx, CLI_ACTOR, {
      orgId: t.world.water.id,
      fileName: 'water.csv',
      content: waterCsv(10_000),
      mode: 'partial',
      dryRun: false,
      onProgress: () => {
        health ??= fetch(`${url}/api/v1/health`).then((r) => order.push(`health ${r.status}`));
      },
    }).then((r) => order.push(`import ${r.inserted}`));
    await imported;
    await health;
    expect(order).toEqual(['health 200', 'import 10000']);
  });
});
