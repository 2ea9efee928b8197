import type { TAttachmentReport, TKpiReport, TReportData } from '@qiangjian/shared';
import { describe, expect, it } from 'vitest';
import { afterDecision, chainProblem, figureChanges, parseChain, problemsOf, reportingDaysOf, unexplained } from './submissions.rules.js';

const attachment = (violations: TAttachmentReport['identityViolations']): TAttachmentReport => ({
  template: { id: 'attachment2', version: 1 },
  region: { code: '150626', name: 'x' },
  periodStart: '2024-06-07',
  periodEnd: '2024-07-14',
  asOf: '2024-07-14',
  rows: [],
  total: {},
  identityViolations: violations,
});
const kpis = {} as TKpiReport;
const data = (figures: TReportData['figures'], violations: TAttachmentReport['identityViolations'] = []): TReportData => ({
  figures,
  lists: { findingsByCode: [], lateParticipants: [], overdueOrders: [], kpiTargets: [] },
  attachment2: attachment(violations),
  attachment3: attachment([]),
  kpis,
});

describe('report submission rules', () => {
  it('reporting days: the 14th and 28th of every month of the campaign, then the final report', () => {
    const days = reportingDaysOf({
      phases: [
        { start: '2024-06-07', end: '2024-07-01' },
        { start: '2024-07-01', end: '2024-09-01' },
        { start: '2024-09-01', end: '2024-10-15' },
      ],
      reportingDays: [28, 14],
      finalReportDate: '2024-10-20',
    });
    expect(days.map((d) => d.day)).toEqual([
      '2024-06-14',
      '2024-06-28',
      '2024-07-14',
      '2024-07-28',
      '2024-08-14',
      '2024-08-28',
      '2024-09-14',
      '2024-09-28',
      '2024-10-14',
      '2024-10-20',
    ]);
    expect(days.at(-1)?.kind).toBe('final');
    // a 31st only in months that have one
    const d31 = reportingDaysOf({
      phases: [{ start: '2024-01-01', end: '2024-04-30' }],
      reportingDays: [31],
      finalReportDate: '2024-05-10',
    });
    expect(d31.map((d) => d.day)).toEqual(['2024-01-31', '2024-03-31', '2024-05-10']);
  });

  it('problems: identity violations, a rate over 100 %, a cumulative count lower than in the previous report', () => {
    const d = data(
      [
        { key: 'a2.installed', kind: 'count', value: 3 },
        { key: 'a2.inService', kind: 'count', value: 5 },
        { key: 'a2.rotationRate', kind: 'rate', value: 1.2 },
        { key: 'kpi.verificationRate', kind: 'rate', value: null },
      ],
      [{ identity: 'statusSum', row: 'total', expected: 10, actual: 9 }],
    );
    const previous = [
      { key: 'a2.installed', kind: 'count' as const, value: 4 },
      // in service is not cumulative: a lower figure is no problem
      { key: 'a2.inService', kind: 'count' as const, value: 9 },
    ];
    const p = problemsOf(d, previous);
    expect(p.map((x) => [x.key, x.kind, x.expected, x.actual])).toEqual([
      ['identity:a2:statusSum:total', 'identity', 10, 9],
      ['rate:a2.rotationRate', 'rate_over_100', 1, 1.2],
      ['dropped:a2.installed', 'count_dropped', 4, 3],
    ]);
    expect(problemsOf(d, null)).toHaveLength(2);
    expect(unexplained(p, { 'identity:a2:statusSum:total': '已核实', 'rate:a2.rotationRate': '  ' })).toEqual([
      'rate:a2.rotationRate',
      'dropped:a2.installed',
    ]);
  });

  it('chain: starts with draft, keeps the order, no repeats; the setting falls back to the default', () => {
    expect(chainProblem(['draft'])).toBeNull();
    expect(chainProblem(['draft', 'approve'])).toBeNull();
    expect(chainProblem(['review'])).toBe('steps[0]');
    expect(chainProblem(['draft', 'approve', 'review'])).toBe('steps[2]');
    expect(chainProblem(['draft', 'draft'])).toBe('steps[1]');
    expect(parseChain(undefined)).toEqual(['draft', 'review', 'approve']);
    expect(parseChain('["draft"]')).toEqual(['draft']);
    expect(parseChain('not json')).toEqual(['draft', 'review', 'approve']);
    expect(afterDecision(3, 0, 'approve')).toEqual({ step: 1, state: 'review' });
    expect(afterDecision(3, 2, 'approve')).toEqual({ step: 3, state: 'submitted' });
    expect(afterDecision(3, 2, 'return')).toEqual({ step: 0, state: 'draft' });
    expect(afterDecision(1, 0, 'approve')).toEqual({ step: 1, state: 'submitted' });
  });

  it('figure changes: changed, vanished and new figures', () => {
    expect(
      figureChanges(
        [
          { key: 'a', kind: 'count', value: 1 },
          { key: 'b', kind: 'rate', value: 0.5 },
          { key: 'c', kind: 'count', value: 2 },
        ],
        [
          { key: 'a', kind: 'count', value: 1 },
          { key: 'b', kind: 'rate', value: null },
          { key: 'd', kind: 'money', value: 10 },
        ],
      ),
    ).toEqual([
      { key: 'b', kind: 'rate', atSubmission: 0.5, now: null },
      { key: 'c', kind: 'count', atSubmission: 2, now: null },
      { key: 'd', kind: 'money', atSubmission: null, now: 10 },
    ]);
  });
});
