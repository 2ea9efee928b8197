import { INSPECTION_CHECKLISTS } from '@qiangjian/shared/data';
import { describe, expect, it } from 'vitest';
import {
  checkImage,
  type ItemFacts,
  judgeOnsiteTest,
  missingToFinish,
  onsiteErrorPct,
  proposeFindings,
} from '../../src/modules/supervision/inspections/inspection.rules.js';
import { pngOf } from './png.js';

/** Pure rules of the inspection records (docs/SUPERVISION.md, Inspections): on-site test, proposed findings, finishing, images. */

const item = (o: Partial<ItemFacts> & { instrumentId: number }): ItemFacts => ({
  statusAtVisit: 'valid',
  reason: null,
  certificatePresent: true,
  seals: [],
  selfLockOn: true,
  tests: [],
  ...o,
});
const questions = INSPECTION_CHECKLISTS.station.questions;

describe('inspection rules', () => {
  it('the on-site error is (indicated − standard) / standard, judged against the MPE', () => {
    expect(onsiteErrorPct(20, 20.09)).toBe(-0.45);
    expect(onsiteErrorPct(20.05, 20)).toBe(0.25);
    expect(judgeOnsiteTest({ indicatedL: 20, standardL: 20.09 }, 0.3)).toMatchObject({ errorPct: -0.45, passed: false });
    expect(judgeOnsiteTest({ indicatedL: 20.06, standardL: 20 }, 0.3)).toMatchObject({ errorPct: 0.3, passed: true });
    expect(judgeOnsiteTest({ indicatedL: 20, standardL: 20 }, 0.3).passed).toBe(true);
  });

  it('a clean record proposes nothing', () => {
    expect(proposeFindings({ questions, answers: { ledger: 'yes', filed: 'na' }, items: [item({ instrumentId: 1 })] })).toEqual([]);
  });

  it('overdue at the visit → overdue_in_use naming every overdue instrument; other statuses map to their codes', () => {
    const p = proposeFindings({
      questions,
      answers: {},
      items: [
        item({ instrumentId: 1, statusAtVisit: 'overdue', reason: 'r1' }),
        item({ instrumentId: 2, statusAtVisit: 'overdue', reason: 'r2' }),
        item({ instrumentId: 3, statusAtVisit: 'unverified' }),
        item({ instrumentId: 4, statusAtVisit: 'failed' }),
        item({ instrumentId: 5, statusAtVisit: 'rotation_overdue' }),
        item({ instrumentId: 6, statusAtVisit: 'due_soon' }),
      ],
    });
    expect(p.map((x) => [x.code, x.instrumentIds])).toEqual([
      ['overdue_in_use', [1, 2]],
      ['unverified_in_use', [3]],
      ['failed_in_use', [4]],
      ['rotation_overdue', [5]],
    ]);
    expect(p[0]?.params.reason).toBe('r1；r2');
  });

  it('a broken seal → seal_broken with its numbers; a missing certificate → missing_certificate; self-lock off proposes nothing', () => {
    const p = proposeFindings({
      questions,
      answers: {},
      items: [
        item({
          instrumentId: 7,
          seals: [
            { no: 'QF01', intact: true },
            { no: 'QF02', intact: false },
          ],
          selfLockOn: false,
        }),
        item({ instrumentId: 8, certificatePresent: false }),
      ],
    });
    expect(p).toEqual([
      { key: 'seal_broken', code: 'seal_broken', instrumentIds: [7], basis: 'seal_broken', params: { seals: 'QF02' } },
      { key: 'missing_certificate', code: 'missing_certificate', instrumentIds: [8], basis: 'certificate_missing', params: {} },
    ]);
  });

  it('a failing on-site test: negative error → failed_in_use, positive (customer short-changed) → quantity_out_of_tolerance', () => {
    const t = (nozzleNo: number, errorPct: number) => ({ nozzleNo, errorPct, mpePct: 0.3, passed: Math.abs(errorPct) <= 0.3 });
    const p = proposeFindings({
      questions,
      answers: {},
      items: [item({ instrumentId: 9, tests: [t(1, -0.45), t(2, 0.1)] }), item({ instrumentId: 10, tests: [t(1, 0.5)] })],
    });
    expect(p.map((x) => [x.code, x.instrumentIds, x.params.errors])).toEqual([
      ['failed_in_use', [9], '-0.45%'],
      ['quantity_out_of_tolerance', [10], '+0.50%'],
    ]);
  });

  it('a checklist "no" proposes the code its data names; a "no" without a code, "yes" and "na" propose nothing', () => {
    const p = proposeFindings({ questions, answers: { ledger: 'no', filed: 'yes', measure: 'no', salesRecords: 'na' }, items: [] });
    expect(p.map((x) => [x.code, x.instrumentIds])).toEqual([['no_ledger', []]]);
  });

  it('finishing needs two inspectors, the time, the representative and three signatures', () => {
    expect(
      missingToFinish({
        inspectorCount: 2,
        visitedAt: '2024-10-15T09:00',
        representativeName: 'A',
        signatures: ['inspector1', 'inspector2', 'representative'],
      }),
    ).toEqual([]);
    expect(missingToFinish({ inspectorCount: 1, visitedAt: null, representativeName: ' ', signatures: ['inspector2'] })).toEqual([
      'inspectors',
      'visitedAt',
      'representative',
      'signature:inspector1',
      'signature:representative',
    ]);
  });

  it('an image is a whole PNG or JPEG within the size limit', () => {
    const png = pngOf(8, 8);
    expect(checkImage(png, 10_000)).toEqual({ ok: true, type: 'png' });
    expect(checkImage(png, 20)).toEqual({ ok: false, reason: 'too_large' });
    expect(checkImage(Buffer.from('not an image at all'), 10_000)).toEqual({ ok: false, reason: 'not_image' });
    expect(checkImage(png.subarray(0, png.length - 12), 10_000)).toEqual({ ok: false, reason: 'corrupt' });
    expect(checkImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0xff, 0xd9]), 10_000)).toEqual({ ok: true, type: 'jpeg' });
    expect(checkImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0, 0]), 10_000)).toEqual({ ok: false, reason: 'corrupt' });
  });
});
