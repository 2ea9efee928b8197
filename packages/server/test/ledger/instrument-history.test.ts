import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import { runLedgerImport } from '../../src/modules/ledger/import/ledger-import.service.js';
import { getInstrument } from '../../src/modules/ledger/instruments.service.js';
import { createTestContext, type TestContext } from '../db.js';
import { buildOrg } from '../factories.js';
import { csv } from '../files.js';

/** 备案历史 starts with the import that created the instrument and lists the imports that changed it (docs/LEDGER.md). */
describe('instrument history: the imports behind a record', () => {
  let ctx: TestContext;
  let station: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    ctx = await createTestContext({ now: '2024-11-01T02:00:00.000Z' });
    station = await buildOrg(ctx, { kind: 'gas_station', regionCode: '150626100' });
  });
  afterAll(async () => ctx.cleanup());

  const imp = (fileName: string, model: string, dryRun = false) =>
    runLedgerImport(ctx, CLI_ACTOR, {
      orgId: station.id,
      fileName,
      content: csv([
        ['器具名称', '出厂编号', '型号规格', '检定日期'],
        ['燃油加油机', 'JYJ-H1', model, '2024-05-01'],
      ]),
      mode: 'partial',
      dryRun,
    });

  it('the first import creates the entry, a preview adds none, a later file that changes the model adds one naming it', async () => {
    await imp('一月台账.csv', 'M1');
    await imp('预览.csv', 'M9', true);
    await imp('一月台账.csv', 'M1');
    await imp('二月台账.csv', 'M2');
    const row = await ctx.db.selectFrom('instruments').select('id').where('serial_no', '=', 'JYJ-H1').executeTakeFirstOrThrow();
    const d = await getInstrument(ctx, CLI_ACTOR, Number(row.id));
    expect(d.imports.map((j) => [j.fileName, j.change, j.fields])).toEqual([
      ['一月台账.csv', 'inserted', []],
      ['二月台账.csv', 'updated', ['model']],
    ]);
  });
});
