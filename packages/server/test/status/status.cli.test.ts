import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { createTestContext, type TestContext } from '../db.js';
import { buildInstrument, buildWorld } from '../factories.js';

/** Runs the commander program in-process against the test database; returns stdout, stderr and the exit code. */
async function cli(ctx: TestContext, args: string[]) {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => {
    err += String(s);
    return true;
  });
  process.exitCode = undefined;
  try {
    await buildProgram()
      .exitOverride()
      .parseAsync(['node', 'qiangjian', '--db', ctx.config.db, ...args]);
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
  const code = process.exitCode ?? 0;
  process.exitCode = undefined;
  return { out, err, code };
}

describe('qiangjian status (CLI)', () => {
  let ctx: TestContext;
  let world: Awaited<ReturnType<typeof buildWorld>>;
  beforeEach(async () => {
    ctx = await createTestContext();
    world = await buildWorld(ctx);
    (
      await buildInstrument(ctx, {
        orgId: world.stationA.id,
        category: 'fuel_dispenser',
        serialNo: 'A-1',
        verifications: [{ date: '2024-01-05' }],
      })
    ).id;
    (
      await buildInstrument(ctx, {
        orgId: world.stationA.id,
        category: 'fuel_dispenser',
        serialNo: 'A-2',
        verifications: [{ date: '2024-09-01' }],
      })
    ).id;
    (
      await buildInstrument(ctx, {
        orgId: world.stationB.id,
        category: 'fuel_dispenser',
        serialNo: 'B-1',
        adminDivisionCode: '150626102',
        verifications: [{ date: '2024-05-01' }],
      })
    ).id;
    (
      await buildInstrument(ctx, {
        orgId: world.water.id,
        category: 'water_meter',
        serialNo: 'W-1',
        caliberDn: 32,
        quantity: 3,
        verifications: [{ kind: 'initial', date: '2020-03-01' }],
      })
    ).id;
    (
      await buildInstrument(ctx, {
        orgId: world.water.id,
        category: 'water_meter',
        serialNo: 'W-2',
        caliberDn: 15,
        installDate: '2025-01-01',
        verifications: [{ kind: 'initial', date: '2024-12-01' }],
      })
    ).id;
  });
  afterEach(async () => ctx.cleanup());

  it('--as-of --json: counts per category and status, units = sum of quantities, computed from history', async () => {
    const r = await cli(ctx, ['--json', 'status', '--as-of', '2024-10-15']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({
      asOf: '2024-10-15',
      counts: [
        { category: 'fuel_dispenser', status: 'due_soon', instruments: 1, units: 1 },
        { category: 'fuel_dispenser', status: 'overdue', instruments: 1, units: 1 },
        { category: 'fuel_dispenser', status: 'valid', instruments: 1, units: 1 },
        { category: 'water_meter', status: 'rotation_overdue', instruments: 1, units: 3 },
      ],
    });
  });

  it('--list --json with --org and --region', async () => {
    const r = await cli(ctx, ['--json', 'status', '--as-of', '2024-10-15', '--list', '--org', world.stationA.creditCode]);
    expect(JSON.parse(r.out)).toEqual({
      asOf: '2024-10-15',
      instruments: [
        {
          serialNo: 'A-1',
          category: 'fuel_dispenser',
          status: 'overdue',
          validUntil: '2024-07-04',
          reasonCode: 'overdue',
          reason: '超期未检：JJG 443-2015 检定周期6个月，上次检定 2024-01-05，有效期至 2024-07-04',
        },
        {
          serialNo: 'A-2',
          category: 'fuel_dispenser',
          status: 'valid',
          validUntil: '2025-02-28',
          reasonCode: 'valid_computed',
          reason: expect.any(String),
        },
      ],
    });
    const town = await cli(ctx, ['--json', 'status', '--as-of', '2024-10-15', '--list', '--region', '150626102']);
    expect(JSON.parse(town.out).instruments.map((i: { serialNo: string }) => i.serialNo)).toEqual(['B-1']);
    const county = await cli(ctx, ['--json', 'status', '--as-of', '2024-10-15', '--list', '--region', '150600']);
    expect(JSON.parse(county.out).instruments).toHaveLength(4);
    const empty = await cli(ctx, ['--json', 'status', '--as-of', '2024-10-15', '--list', '--region', '110000']);
    expect(JSON.parse(empty.out)).toEqual({ asOf: '2024-10-15', instruments: [] });
  });

  it('today reads the stored status (refreshing first); refresh --json; readable Chinese table without --json', async () => {
    const refresh = await cli(ctx, ['--json', 'status', 'refresh', '--as-of', '2024-10-15']);
    expect(JSON.parse(refresh.out)).toMatchObject({ asOf: '2024-10-15', instruments: 5, changed: 5 });
    const today = await cli(ctx, ['--json', 'status']);
    const parsed = JSON.parse(today.out);
    expect(parsed.counts.reduce((n: number, c: { instruments: number }) => n + c.instruments, 0)).toBe(5);
    const table = await cli(ctx, ['status', '--as-of', '2024-10-15']);
    expect(table.out).toContain('器具状态统计（截至 2024-10-15）');
    expect(table.out).toMatch(/超期未检\s+1\s+1/);
    expect(table.out).toMatch(/合计\s+4\s+6/);
  });

  it('bad flags: a clear Chinese error and a non-zero exit', async () => {
    const bad = await cli(ctx, ['status', '--as-of', '2024-02-30']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('参数“--as-of”不正确');
    const both = await cli(ctx, ['status', '--org', world.stationA.creditCode, '--region', '150626']);
    expect(both.code).not.toBe(0);
    expect(both.err).toContain('只能选择一个');
    const region = await cli(ctx, ['status', '--region', '1506']);
    expect(region.err).toContain('6位或9位');
    const org = await cli(ctx, ['--json', 'status', '--org', '91150626MA0000000X']);
    expect(org.code).not.toBe(0);
    expect(JSON.parse(org.out).error.code).toBe('invalid_parameter');
  });
});
