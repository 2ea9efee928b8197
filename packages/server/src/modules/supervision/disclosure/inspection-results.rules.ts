import type { InspectionOrigin, InspectionState, ProposalState, ViolationCode } from '@qiangjian/shared';

/**
 * What a random draw's inspection result publishes (docs/SUPERVISION.md "Disclosure of inspection results"), as pure
 * functions: whether a record may be published, and the public fields — the target, its town, the visit date, the draw,
 * the result (the confirmed findings by code with their counts, whether rectification was ordered) and the inspectors'
 * 执法证号 only. No person's name or phone: the representative and the inspectors' names never enter the fields.
 */

export type PublishRefusal = 'inspection_disclosure_draft' | 'inspection_disclosure_not_random' | 'inspection_disclosure_undecided';

export interface ResultRecord {
  state: InspectionState;
  origin: InspectionOrigin;
  proposals: readonly { code: ViolationCode; state: ProposalState }[];
}

/** Why a record cannot be published (the first reason), or null. */
export function publishRefusal(r: ResultRecord): PublishRefusal | null {
  if (r.state !== 'finished') return 'inspection_disclosure_draft';
  if (r.origin !== 'random') return 'inspection_disclosure_not_random';
  if (r.proposals.some((p) => p.state === 'proposed')) return 'inspection_disclosure_undecided';
  return null;
}

/** Confirmed findings grouped by code, in order of first appearance: `[code, count]`. */
export function findingCounts(proposals: ResultRecord['proposals']): [ViolationCode, number][] {
  const out = new Map<ViolationCode, number>();
  for (const p of proposals) if (p.state === 'confirmed') out.set(p.code, (out.get(p.code) ?? 0) + 1);
  return [...out];
}

export interface ResultTexts {
  /** the label of a violation code */
  label(code: ViolationCode): string;
  finding(label: string, n: number): string;
  separator: string;
  resultNone: string;
  resultFound: string;
  yes: string;
  no: string;
}

export interface ResultInput extends ResultRecord {
  townName: string;
  visitDate: string;
  drawId: number;
  drawTitle: string;
  recordNo: string;
  inspectorCerts: readonly string[];
  ordered: boolean;
}

/** The public fields (text, frozen at publication). */
export function resultFields(r: ResultInput, x: ResultTexts): Record<string, string> {
  const counts = findingCounts(r.proposals);
  return {
    town: r.townName,
    inspectionDate: r.visitDate,
    drawId: String(r.drawId),
    drawTitle: r.drawTitle,
    recordNo: r.recordNo,
    resultCode: counts.length ? 'found' : 'none',
    result: counts.length ? x.resultFound : x.resultNone,
    findings: counts.map(([code, n]) => x.finding(x.label(code), n)).join(x.separator),
    ordered: counts.length ? (r.ordered ? x.yes : x.no) : '',
    inspectors: r.inspectorCerts.join(x.separator),
  };
}
