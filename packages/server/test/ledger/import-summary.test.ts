import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import { runLedgerImport } from '../../src/modules/ledger/import/ledger-import.service.js';
import { createTestContext, type TestContext } from '../db.js';
import { buildOrg } from '../factories.js';
import { csv } from '../files.js';

/**
 * The result's grouped rejection reasons (docs/LEDGER.md "Import result"): what the result page shows above the row
 * list, counted over every row of the file — not only the first 2,000 issues kept in the result.
 */
describe('ledger import: rejection reasons grouped', () => {
  let ctx: TestContext;
  let station: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    ctx = await createTestContext({ now: '2024-11-01T02:00:00.000Z' });
    station = await buildOrg(ctx, { kind: 'gas_station', regionCode: '150626100' });
  });
  afterAll(async () => ctx.cleanup());

  it('2,500 rows without a serial and 3 with an impossible date: two groups, most rows first; nothing imported', async () => {
    const rows: string[][] = [['器具名称', '出厂编号', '检定日期']];
    for (let i = 0; i < 2500; i++) rows.push(['燃油加油机', '', '2024-05-01']);
    for (let i = 0; i < 3; i++) rows.push(['燃油加油机', `JYJ-${i}`, '2024-02-30']);
    const r = await runLedgerImport(ctx, CLI_ACTOR, {
      orgId: station.id,
      fileName: 'ledger.csv',
      content: csv(rows),
      mode: 'partial',
      dryRun: true,
    });
    expect(r.inserted + r.updated + r.unchanged).toBe(0);
    expect(r.rejected).toBe(2503);
    expect(r.errorSummary?.map((g) => [g.column, g.rows])).toEqual([
      ['出厂编号', 2500],
      ['检定日期', 3],
    ]);
    expect(r.errorSummary?.[0]?.message).toMatch(/出厂编号/);
  });
});
