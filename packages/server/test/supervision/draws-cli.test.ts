import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { type PublishedDraw, verifyPublishedDraw } from '@qiangjian/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { createTestContext, type TestContext, type World } from '../db.js';
import { buildWorld } from '../factories.js';
import { buildSupervision } from './fixtures.js';

/** `qiangjian draw create|run|show --json` and `inspector conflict add` as real processes (docs/SUPERVISION.md, CLI). */
const run = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'packages/server/bin/qiangjian.mjs');

describe('qiangjian draw (real process)', () => {
  let ctx: TestContext;
  let db: string;
  let w: World;
  beforeAll(async () => {
    ctx = await createTestContext();
    db = ctx.engine === 'postgres' ? (ctx.config.db as string) : ctx.handle.location;
    w = await buildWorld(ctx);
    await buildSupervision(ctx, w);
  });
  afterAll(async () => ctx.cleanup());

  const cli = async (args: string[]) => {
    try {
      const r = await run(process.execPath, [BIN, '--db', db, ...args], { env: { ...process.env, QIANGJIAN_LOG: 'silent' } });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };

  it('conflict add, create (→ id, commitment), show before the run (no seed), run with a witness (→ the record), refusals', async () => {
    const conflict = await cli(['inspector', 'conflict', 'add', '--cert', `FX-${w.office.id}-1`, '--org', w.water.creditCode, '--json']);
    expect(conflict.code, conflict.stderr).toBe(0);
    expect(JSON.parse(conflict.stdout).conflicts).toMatchObject([{ creditCode: w.water.creditCode }]);

    const bad = await cli([
      'draw',
      'create',
      '--title',
      'T',
      '--region',
      '150626',
      '--kinds',
      'gas_station,bakery',
      '--ratio-bp',
      '100',
      '--json',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('kinds');

    const created = await cli([
      'draw',
      'create',
      '--title',
      'CLI',
      '--region',
      '150626',
      '--kinds',
      'gas_station,station_site,water_supply',
      '--by',
      'kind',
      '--ratio-bp',
      '5000',
      '--recuse',
      `FX-${w.office2.id}-3:${w.stationB.creditCode}`,
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const { id, commitment } = JSON.parse(created.stdout) as { id: number; commitment: string };
    expect(commitment).toMatch(/^[0-9a-f]{64}$/);

    const shown = await cli(['draw', 'show', String(id), '--json']);
    const before = JSON.parse(shown.stdout) as PublishedDraw;
    expect(before.seed).toBeUndefined();
    expect(before.recusals).toEqual(
      expect.arrayContaining([
        { inspectorKey: `FX-${w.office.id}-1`, targetKey: w.water.creditCode },
        { inspectorKey: `FX-${w.office2.id}-3`, targetKey: w.stationB.creditCode },
      ]),
    );

    const ran = await cli(['draw', 'run', String(id), '--witness', 'dice 6-2-5', '--json']);
    expect(ran.code, ran.stderr).toBe(0);
    const rec = JSON.parse(ran.stdout) as PublishedDraw;
    expect(rec.witness).toBe('dice 6-2-5');
    // by kind: the bureau pool serves every stratum
    expect(rec.strata.map((s) => s.pool)).toEqual(rec.strata.map(() => [`FX-${w.bureau.id}-5`, `FX-${w.bureau.id}-6`]));
    expect(rec.commitment).toBe(commitment);
    expect(await verifyPublishedDraw(rec)).toEqual({ ok: true });
    const again = await cli(['draw', 'run', String(id), '--json']);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.stdout).error.code).toBe('draw_already_run');
  }, 300_000);
});
