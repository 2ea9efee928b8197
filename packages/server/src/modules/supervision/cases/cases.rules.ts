import {
  addDays,
  type CaseOutcome,
  type CaseStage,
  diffDays,
  type TCaseDecisionRequest,
  type TEnforcementSettings,
  t,
} from '@qiangjian/shared';
import type { ViolationEnforcement } from '@qiangjian/shared/data';
import { AppError } from '../../../errors.js';

/**
 * Pure rules of administrative penalty cases (docs/ENFORCEMENT.md): the time limit from 立案 (calendar days,
 * docs/domain/regulations.md §6) with its extensions, the stage machine filed → decided → closed, and the checks of a
 * decision (legal basis from the code's bases, fine and confiscated gains against the configured ranges, outcomes).
 */

export function limitDate(filedOn: string, limitDays: number, extensionDays: number): string {
  return addDays(filedOn, limitDays + extensionDays);
}

export type CaseClock = 'ok' | 'warning' | 'overdue' | 'stopped';

/** Days left until the limit (negative past it) and the clock state; the clock stops at the decision. */
export function caseClock(stage: CaseStage, limit: string, today: string, warnDays: number): { daysLeft: number | null; clock: CaseClock } {
  if (stage !== 'filed') return { daysLeft: null, clock: 'stopped' };
  const daysLeft = diffDays(today, limit);
  return { daysLeft, clock: daysLeft < 0 ? 'overdue' : daysLeft <= warnDays ? 'warning' : 'ok' };
}

const label = (field: string) => t(`field.label.${field}`);

/** A date that must lie in [after, today]; `field` names it in the error. */
export function checkDate(field: string, date: string, after: { date: string; name: string }, today: string): void {
  if (date > today) throw new AppError('enforcement_date_future', { params: { field: label(field) }, details: { field } });
  if (date < after.date)
    throw new AppError('enforcement_date_order', {
      params: { field: label(field), after: after.date },
      details: { field, after: after.name },
    });
}

/** The first extension up to the configured days; any other needs the collective decision. */
export function checkExtension(count: number, days: number, collective: boolean, maxFirst: number): void {
  if (collective) return;
  if (count > 0) throw new AppError('case_extension_requires_collective', { details: { field: 'collective' } });
  if (days > maxFirst)
    throw new AppError('case_extension_too_long', { params: { max: maxFirst }, details: { field: 'days', max: maxFirst } });
}

const yuan = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2, useGrouping: false });

function fineError(min: number, max: number): AppError {
  return new AppError('case_fine_out_of_range', { params: { min: yuan(min), max: yuan(max) }, details: { field: 'fine', min, max } });
}

/**
 * Checks a decision against the code's enforcement data: returns the legal basis chosen. Penalty: fine within the
 * range; 减轻 (mitigated): fine from 0 up to the range's maximum, a reason; 不予处罚 and transfer: no fine, no gains
 * (不予处罚 with a reason). Gains only where the code allows confiscation, up to the configured maximum.
 */
export function checkDecision(
  v: ViolationEnforcement,
  s: Pick<TEnforcementSettings, 'gainsMax'>,
  d: Pick<TCaseDecisionRequest, 'outcome' | 'legalBasisId' | 'fine' | 'gains' | 'reason'>,
): { id: string; text: string } {
  if (!d.legalBasisId) throw new AppError('case_legal_basis_required', { details: { field: 'legalBasisId' } });
  const basis = v.bases.find((b) => b.id === d.legalBasisId);
  if (!basis) throw new AppError('case_legal_basis_invalid', { details: { field: 'legalBasisId', allowed: v.bases.map((b) => b.id) } });
  const outcome: CaseOutcome = d.outcome;
  const fine = d.fine ?? 0;
  const gains = d.gains ?? 0;
  if ((outcome === 'no_penalty' || outcome === 'mitigated') && !d.reason)
    throw new AppError('case_reason_required', { details: { field: 'reason', outcome } });
  if (outcome === 'no_penalty' || outcome === 'transfer') {
    if (fine !== 0) throw fineError(0, 0);
    if (gains !== 0) throw new AppError('case_gains_out_of_range', { params: { max: 0 }, details: { field: 'gains', max: 0 } });
    return basis;
  }
  const range = v.fine ?? { min: 0, max: 0 };
  const min = outcome === 'mitigated' ? 0 : range.min;
  if (fine < min || fine > range.max) throw fineError(min, range.max);
  const gainsMax = v.confiscation ? s.gainsMax : 0;
  if (gains > gainsMax)
    throw new AppError('case_gains_out_of_range', { params: { max: yuan(gainsMax) }, details: { field: 'gains', max: gainsMax } });
  if (outcome === 'penalty' && fine === 0 && gains === 0) throw fineError(Math.max(range.min, 0.01), range.max);
  return basis;
}

/** The allowed stages per action. */
export function canDo(stage: CaseStage, action: 'note' | 'extend' | 'decide' | 'close'): boolean {
  switch (action) {
    case 'note':
      return stage !== 'closed';
    case 'extend':
    case 'decide':
      return stage === 'filed';
    case 'close':
      return stage === 'decided';
  }
}

/** 元 → 分 and back (amounts are stored as integer 分). */
export const toFen = (yuanAmount: number) => Math.round(yuanAmount * 100);
export const toYuan = (fen: number) => Number(fen) / 100;
