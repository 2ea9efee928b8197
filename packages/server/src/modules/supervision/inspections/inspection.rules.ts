/**
 * Pure rules of the inspection records (docs/SUPERVISION.md, Inspections): the on-site test's error and verdict, the
 * findings a record's data imply (docs/domain/regulations.md §4, `source: inspection`), what finishing needs, and the
 * checks of an uploaded image. No I/O: the service reads and writes, these decide.
 */
import type { InstrumentStatus, SignatureRole, ViolationCode } from '@qiangjian/shared';
import type { ChecklistQuestion } from '@qiangjian/shared/data';

/** A dispenser's on-site test error in %: (indicated − standard measure) / standard measure × 100, to 2 decimals. */
export function onsiteErrorPct(indicatedL: number, standardL: number): number {
  return Math.round(((indicatedL - standardL) / standardL) * 10000) / 100;
}

/** A test passes when |error| ≤ the in-service MPE (the setting `onsiteMpePct`). */
export function judgeOnsiteTest<T extends { indicatedL: number; standardL: number }>(
  t: T,
  mpePct: number,
): T & { errorPct: number; mpePct: number; passed: boolean } {
  const errorPct = onsiteErrorPct(t.indicatedL, t.standardL);
  return { ...t, errorPct, mpePct, passed: Math.abs(errorPct) <= mpePct + 1e-9 };
}

export interface ItemFacts {
  instrumentId: number;
  /** status at the visit (status engine), null when unknown */
  statusAtVisit: InstrumentStatus | string | null;
  reason: string | null;
  certificatePresent: boolean | null;
  seals: readonly { no: string; intact: boolean }[];
  selfLockOn: boolean | null;
  tests: readonly { nozzleNo: number; errorPct: number; mpePct: number; passed: boolean }[];
}

export interface ProposedFinding {
  /** stable within a record: the same data propose the same key */
  key: string;
  code: ViolationCode;
  instrumentIds: number[];
  /** catalog key suffix under `inspections.basis.` */
  basis: string;
  params: Record<string, string>;
}

/** A status at the visit that is itself a violation of using units (docs/domain/regulations.md §4a #1, #3, #4, #5). */
const STATUS_FINDINGS: Partial<Record<string, { code: ViolationCode; basis: string }>> = {
  overdue: { code: 'overdue_in_use', basis: 'status_overdue' },
  unverified: { code: 'unverified_in_use', basis: 'status_unverified' },
  failed: { code: 'failed_in_use', basis: 'status_failed' },
  rotation_overdue: { code: 'rotation_overdue', basis: 'status_rotation_overdue' },
};

const fmtPct = (e: number) => `${e > 0 ? '+' : ''}${e.toFixed(2)}%`;

/**
 * The findings a record's data imply, one per code naming every instrument concerned (in the order checked):
 * - a status at the visit of `overdue` → `overdue_in_use`; `unverified` → `unverified_in_use`; `failed` →
 *   `failed_in_use`; `rotation_overdue` → `rotation_overdue`;
 * - a seal not intact → `seal_broken`;
 * - no certificate or mark → `missing_certificate`;
 * - an on-site test beyond the MPE: a positive error (the dispenser shows more than it delivers, the customer gets
 *   less) → `quantity_out_of_tolerance`; a negative one → `failed_in_use`;
 * - a checklist question answered "no" whose data names a code → that code (no instruments).
 * The self-lock being off is shown but proposes nothing (a cheating device is for a case to establish).
 */
export function proposeFindings(input: {
  questions: readonly ChecklistQuestion[];
  answers: Readonly<Record<string, string>>;
  items: readonly ItemFacts[];
}): ProposedFinding[] {
  const out = new Map<string, ProposedFinding>();
  const add = (code: ViolationCode, basis: string, instrumentId: number | null, params: Record<string, string>) => {
    const key = code;
    const cur = out.get(key);
    if (cur) {
      if (instrumentId !== null && !cur.instrumentIds.includes(instrumentId)) cur.instrumentIds.push(instrumentId);
      for (const [k, v] of Object.entries(params)) {
        const was = cur.params[k];
        if (v && was !== v) cur.params[k] = was ? `${was}；${v}` : v;
      }
      return;
    }
    out.set(key, { key, code, instrumentIds: instrumentId === null ? [] : [instrumentId], basis, params: { ...params } });
  };
  for (const it of input.items) {
    const s = it.statusAtVisit ? STATUS_FINDINGS[it.statusAtVisit] : undefined;
    if (s) add(s.code, s.basis, it.instrumentId, { reason: it.reason ?? '' });
    const broken = it.seals.filter((x) => !x.intact).map((x) => x.no);
    if (broken.length > 0) add('seal_broken', 'seal_broken', it.instrumentId, { seals: broken.join('、') });
    if (it.certificatePresent === false) add('missing_certificate', 'certificate_missing', it.instrumentId, {});
    const failing = it.tests.filter((x) => !x.passed);
    const short = failing.filter((x) => x.errorPct > 0);
    const long = failing.filter((x) => x.errorPct < 0);
    if (short.length > 0)
      add('quantity_out_of_tolerance', 'onsite_fail_short', it.instrumentId, {
        nozzles: short.map((x) => String(x.nozzleNo)).join('、'),
        errors: short.map((x) => fmtPct(x.errorPct)).join('、'),
        mpe: String(short[0]?.mpePct),
      });
    if (long.length > 0)
      add('failed_in_use', 'onsite_fail', it.instrumentId, {
        nozzles: long.map((x) => String(x.nozzleNo)).join('、'),
        errors: long.map((x) => fmtPct(x.errorPct)).join('、'),
        mpe: String(long[0]?.mpePct),
      });
  }
  for (const q of input.questions) {
    if (q.failCode && input.answers[q.key] === 'no') add(q.failCode, 'question_no', null, { label: q.label });
  }
  return [...out.values()];
}

export type MissingPart = 'inspectors' | 'visitedAt' | 'representative' | `signature:${SignatureRole}`;

/** What a record lacks to be finished: ≥ 2 inspectors, the visit time, the representative, the three signatures. */
export function missingToFinish(r: {
  inspectorCount: number;
  visitedAt: string | null;
  representativeName: string | null;
  signatures: readonly string[];
}): MissingPart[] {
  const out: MissingPart[] = [];
  if (r.inspectorCount < 2) out.push('inspectors');
  if (!r.visitedAt) out.push('visitedAt');
  if (!r.representativeName?.trim()) out.push('representative');
  for (const role of ['inspector1', 'inspector2', 'representative'] as const)
    if (!r.signatures.includes(role)) out.push(`signature:${role}`);
  return out;
}

export type ImageCheck = { ok: true; type: 'png' | 'jpeg' } | { ok: false; reason: 'not_image' | 'too_large' | 'corrupt' };

const PNG_SIG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * An uploaded photo or signature: by its magic bytes a PNG or a JPEG, at most `maxBytes`, and whole: a PNG's first
 * chunk is IHDR with a non-zero size and it ends with an IEND chunk; a JPEG ends with the EOI marker (FF D9).
 */
export function checkImage(buf: Uint8Array, maxBytes: number): ImageCheck {
  const isPng = buf.length >= 8 && PNG_SIG.every((b, i) => buf[i] === b);
  const isJpeg = buf.length >= 3 && buf[0] === 0xff && buf[1] === 0xd8 && buf[2] === 0xff;
  if (!isPng && !isJpeg) return { ok: false, reason: 'not_image' };
  if (buf.length > maxBytes) return { ok: false, reason: 'too_large' };
  if (isPng) {
    if (buf.length < 8 + 25 + 12) return { ok: false, reason: 'corrupt' };
    const ascii = (o: number, n: number) => String.fromCharCode(...buf.subarray(o, o + n));
    const width = (buf[16]! << 24) | (buf[17]! << 16) | (buf[18]! << 8) | buf[19]!;
    const height = (buf[20]! << 24) | (buf[21]! << 16) | (buf[22]! << 8) | buf[23]!;
    if (ascii(12, 4) !== 'IHDR' || width === 0 || height === 0) return { ok: false, reason: 'corrupt' };
    if (ascii(buf.length - 8, 4) !== 'IEND') return { ok: false, reason: 'corrupt' };
    return { ok: true, type: 'png' };
  }
  if (buf.length < 4 || buf[buf.length - 2] !== 0xff || buf[buf.length - 1] !== 0xd9) return { ok: false, reason: 'corrupt' };
  return { ok: true, type: 'jpeg' };
}
