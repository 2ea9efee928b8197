import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readInWorker } from '../../src/lib/read-worker.js';
import { createTestContext, type TestContext } from '../db.js';
import { buildOrg } from '../factories.js';

const FIXTURE = new URL('./read-worker.fixture.ts', import.meta.url);

describe('lib/read-worker: a read module run in a worker thread on its own connection', () => {
  let ctx: TestContext;
  const ids: number[] = [];
  beforeAll(async () => {
    ctx = await createTestContext();
    for (let i = 0; i < 7; i++) ids.push((await buildOrg(ctx, { kind: 'water_supply' })).id);
    await buildOrg(ctx, { kind: 'gas_station' });
  });
  afterAll(() => ctx.cleanup());

  it('streams the batches back in order, with backpressure (one in flight)', async () => {
    const batches: number[][] = [];
    for await (const b of readInWorker<{ kind: string; size: number }, { id: number }>(ctx, {
      module: FIXTURE,
      fn: 'organizationsByKind',
      input: { kind: 'water_supply', size: 3 },
      maxInFlight: 1,
    }))
      batches.push(b.map((r) => r.id));
    expect(batches.map((b) => b.length)).toEqual([3, 3, 1]);
    expect(batches.flat()).toEqual(ids);
  });

  it('stops the worker when the caller stops reading', async () => {
    let seen = 0;
    for await (const b of readInWorker<{ kind: string; size: number }, { id: number }>(ctx, {
      module: FIXTURE,
      fn: 'organizationsByKind',
      input: { kind: 'water_supply', size: 2 },
    })) {
      seen += b.length;
      break;
    }
    expect(seen).toBe(2);
  });

  it("surfaces the read function's error and an unknown export", async () => {
    const drain = async (fn: string) => {
      for await (const _ of readInWorker(ctx, { module: FIXTURE, fn, input: { kind: 'x', size: 1 } })) {
        // nothing
      }
    };
    await expect(drain('failing')).rejects.toThrow(/boom/);
    await expect(drain('missing')).rejects.toThrow(/exports no function missing/);
  });

  it('keeps a worker warm between reads (one start-up for many imports), also after a failed or abandoned read', async () => {
    const thread = async () => {
      const out: number[] = [];
      for await (const b of readInWorker<unknown, { threadId: number }>(ctx, { module: FIXTURE, fn: 'whichThread', input: {} }))
        out.push(...b.map((r) => r.threadId));
      return out[0] as number;
    };
    const first = await thread();
    expect(await thread()).toBe(first);
    // a failing read leaves the worker sound: reused too
    await expect(
      (async () => {
        for await (const _ of readInWorker(ctx, { module: FIXTURE, fn: 'failing', input: {} })) {
          // nothing
        }
      })(),
    ).rejects.toThrow(/boom/);
    expect(await thread()).toBe(first);
    // abandoned after its first batch: the read is asked to stop at its next batch, and its worker kept
    for await (const _ of readInWorker<{ kind: string; size: number }, { id: number }>(ctx, {
      module: FIXTURE,
      fn: 'organizationsByKind',
      input: { kind: 'water_supply', size: 1 },
      maxInFlight: 1,
    }))
      break;
    expect(await thread()).toBe(first);
  });
});
