import { CAMPAIGN_TEMPLATES } from '@qiangjian/shared/data';
import { describe, expect, it } from 'vitest';
import {
  campaignProblem,
  datesFromTemplate,
  formKindOf,
  gapsOf,
  isLate,
  nextReportDay,
  participantStatus,
  phaseAt,
  prefillForm,
  recordsFrom,
} from './campaigns.rules.js';

const tpl = CAMPAIGN_TEMPLATES[0] as (typeof CAMPAIGN_TEMPLATES)[number];
const d2024 = datesFromTemplate(tpl, 2024);

describe('campaign rules', () => {
  it('takes the notice template dates for a year', () => {
    expect(d2024.phases.map((p) => [p.key, p.start, p.end])).toEqual([
      ['self_inspection', '2024-06-07', '2024-07-01'],
      ['rectification_drive', '2024-07-01', '2024-09-01'],
      ['follow_up', '2024-09-01', '2024-10-15'],
    ]);
    expect(d2024.reportingDays).toEqual([14, 28]);
    expect(d2024.finalReportDate).toBe('2024-10-20');
    expect(d2024.selfInspectionDue).toBe('2024-07-01');
    expect(datesFromTemplate(tpl, 2026).phases[2]?.end).toBe('2026-10-15');
    expect(tpl.targets.map((t) => [t.key, t.targetBp])).toEqual([
      ['first_verification_rate', 10000],
      ['rotation_rate', 10000],
      ['inspection_rate', 10000],
    ]);
  });

  it('names the field of the first date problem', () => {
    expect(campaignProblem(d2024)).toBeNull();
    const phases = d2024.phases.map((p) => ({ ...p }));
    phases[1] = { ...(phases[1] as (typeof phases)[number]), end: '2024-06-30' };
    expect(campaignProblem({ ...d2024, phases })).toEqual({ code: 'campaign_end_before_start', field: 'phases[1].end' });
    const order = d2024.phases.map((p) => ({ ...p }));
    order[2] = { ...(order[2] as (typeof order)[number]), start: '2024-08-01' };
    expect(campaignProblem({ ...d2024, phases: order })).toEqual({ code: 'campaign_phase_order', field: 'phases[2].start' });
    expect(campaignProblem({ ...d2024, selfInspectionDue: '2024-11-01' })).toEqual({
      code: 'campaign_date_outside',
      field: 'selfInspectionDue',
    });
    expect(campaignProblem({ ...d2024, finalReportDate: '2024-10-01' })).toEqual({
      code: 'campaign_end_before_start',
      field: 'finalReportDate',
    });
    expect(campaignProblem({ ...d2024, reportingDays: [14, 28, 14] })).toEqual({
      code: 'campaign_duplicate_day',
      field: 'reportingDays[2]',
    });
  });

  it('gives the phase and the days left on fixed dates', () => {
    expect(phaseAt(d2024, '2024-06-01')).toMatchObject({ stage: 'before', daysLeft: 6, nextReportDate: '2024-06-14' });
    expect(phaseAt(d2024, '2024-06-20')).toMatchObject({
      stage: 'running',
      phase: { key: 'self_inspection' },
      daysLeft: 11,
      nextReportDate: '2024-06-28',
    });
    // the shared boundary day belongs to the later phase: 07-01 → 09-01 is 62 days
    expect(phaseAt(d2024, '2024-07-01')).toMatchObject({
      phase: { key: 'rectification_drive' },
      daysLeft: 62,
      nextReportDate: '2024-07-14',
    });
    expect(phaseAt(d2024, '2024-10-15')).toMatchObject({ phase: { key: 'follow_up' }, daysLeft: 0, nextReportDate: null });
    expect(phaseAt(d2024, '2024-10-16')).toMatchObject({ stage: 'after', phase: null, daysLeft: null });
    expect(nextReportDay(d2024, '2024-09-29')).toBe('2024-10-14');
  });

  it('marks late, derives the status and compares figures', () => {
    expect(isLate('2024-07-01', '2024-07-01')).toBe(false);
    expect(isLate('2024-07-02', '2024-07-01')).toBe(true);
    expect(participantStatus(null, null)).toBe('not_started');
    expect(participantStatus({ state: 'draft', late: false, version: 1 }, null)).toBe('draft');
    expect(participantStatus({ state: 'draft', late: false, version: 2 }, { state: 'submitted', late: true, version: 1 })).toBe('late');
    expect(formKindOf('power_supply')).toBe('utility');
    expect(formKindOf('gas_station')).toBe('station');
    expect(formKindOf('office')).toBeNull();
    const r = recordsFrom(
      '2024-07-01',
      [
        { status: 'valid', units: 3 },
        { status: 'overdue', units: 2 },
        { status: 'rotation_overdue', units: 1 },
        { status: 'unverified', units: 4 },
        { status: 'removed', units: 9 },
      ],
      1,
    );
    expect(r).toEqual({ asOf: '2024-07-01', instrumentCount: 10, overdueCount: 3, unverifiedCount: 4, failedCount: 0, draftCount: 1 });
    const form = prefillForm('station', r);
    expect(form).toMatchObject({ kind: 'station', ledgerEstablished: true, allFiled: false, overdueCount: 3, unverifiedCount: 4 });
    expect(gapsOf(form, r)).toEqual([]);
    expect(gapsOf({ ...form, overdueCount: 1 } as typeof form, r)).toEqual([{ field: 'overdueCount', reported: 1, records: 3 }]);
  });
});
