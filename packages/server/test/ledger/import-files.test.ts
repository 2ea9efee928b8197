import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI_ACTOR } from '../../src/auth/actor.js';
import { DEFAULT_SHEET_LIMITS } from '../../src/lib/sheets/limits.js';
import { runLedgerImport } from '../../src/modules/ledger/import/ledger-import.service.js';
import { isFileLevelError } from '../../src/modules/ledger/import/parse-ledger.js';
import { createTestContext, type TestContext } from '../db.js';
import { buildOrg } from '../factories.js';
import { waterCsv } from '../files.js';

/** The import under hostile and large files (issue 11, "Files"): limits, parsing off the write path, recovery, expiry, quota. */

describe('ledger import: size limits from the settings', () => {
  let ctx: TestContext;
  let water: Awaited<ReturnType<typeof buildOrg>>;
  beforeAll(async () => {
    ctx = await createTestContext({ config: { importLimits: { ...DEFAULT_SHEET_LIMITS, maxRows: 50 } } });
    water = await buildOrg(ctx, { kind: 'water_supply', regionCode: '150626100' });
  });
  afterAll(async () => ctx.cleanup());

  it('a file one row past the configured limit is refused (413, zh-CN message naming the limit), the job failed, nothing written', async () => {
    const err = await runLedgerImport(ctx, CLI_ACTOR, {
      orgId: water.id,
      fileName: 'big.csv',
      content: waterCsv(50),
      mode: 'partial',
      dryRun: false,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'import_limit_exceeded', httpStatus: 413, details: { limit: 'rows', max: 50, found: 51 } });
    expect((err as Error).message).toBe('文件超过行数上限 50 行（已读到第 51 行），请拆分后分批导入');
    expect(isFileLevelError(err)).toBe(true);
    const n = await ctx.db
      .selectFrom('instruments')
      .select(ctx.db.fn.countAll<number>().as('n'))
      .where('org_id', '=', water.id)
      .executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(0);
    const job = await ctx.db.selectFrom('import_jobs').selectAll().where('org_id', '=', water.id).executeTakeFirstOrThrow();
    expect(job.state).toBe('failed');
    expect(JSON.parse(job.result ?? '{}')).toMatchObject({ error: { code: 'import_limit_exceeded' } });
    // at the limit the same file imports
    const ok = await runLedgerImport(ctx, CLI_ACTOR, {
      orgId: water.id,
      fileName: 'ok.csv',
      content: waterCsv(49),
      mode: 'partial',
      dryRun: false,
    });
    expect(ok).toMatchObject({ inserted: 49, committed: true });
  });
});
