import { RULE_SEEDS } from '@qiangjian/shared/data';
import {
  type InstrumentAttrs,
  type RuleDef,
  type RuleSet,
  ruleSetAsOf,
  type VerificationRecord,
} from '../../src/modules/status/status.rules.js';

/** The seeded catalog as version-1 RuleDefs (what the database holds after reference data). */
export const SEED_RULES: RuleDef[] = RULE_SEEDS.map((s, i) => ({
  id: i + 1,
  ruleKey: s.ruleKey,
  version: 1,
  category: s.category,
  sortOrder: s.sortOrder,
  condition: s.condition,
  mode: s.mode,
  cycleMonths: s.cycleMonths,
  countedFrom: s.countedFrom,
  regulationId: s.regulationId,
  edition: s.edition,
  effectiveFrom: s.effectiveFrom,
  effectiveTo: s.effectiveTo,
  citation: s.citation,
  tag: s.tag,
  mandatory: s.mandatory,
  active: true,
  recordedOn: '2026-11-26',
  recordedAt: '2026-11-26T00:00:00.000Z',
  recordedBy: 'seed',
  supersededAt: null,
  note: s.note,
}));

export function rulesAt(asOf: string): RuleSet {
  return ruleSetAsOf(SEED_RULES, asOf);
}

export function attrs(category: string, o: Partial<InstrumentAttrs> = {}): InstrumentAttrs {
  return {
    category,
    instrumentName: null,
    catalogueType: null,
    caliberDn: null,
    q3: null,
    gRating: null,
    gasMedium: null,
    accuracyClass: null,
    installDate: null,
    firstUseDate: null,
    ledgerState: 'filed',
    removalDate: null,
    createdOn: '2015-01-01',
    ...o,
  };
}

export function pass(date: string, o: Partial<VerificationRecord> = {}): VerificationRecord {
  return { nozzleNo: 0, kind: 'periodic', date, conclusion: 'passed', validUntil: null, ...o };
}
export function fail(date: string, o: Partial<VerificationRecord> = {}): VerificationRecord {
  return { nozzleNo: 0, kind: 'periodic', date, conclusion: 'failed', validUntil: null, ...o };
}
