import { DEFAULT_COMPLAINT_SETTINGS } from '@qiangjian/shared';
import { describe, expect, it } from 'vitest';
import { makeCalendar } from '../verification/calendar/working-days.js';
import {
  type ClockInput,
  clocksOf,
  deadlineOf,
  flagOf,
  maskName,
  maskPhone,
  measuredErrorPct,
  nextDeadline,
  pausedWorkingDays,
  refundProposal,
  stripHtml,
  workingDaysLeft,
} from './complaints.rules.js';

const TZ = 'Asia/Shanghai';
// National Day 2024: 10-01…10-07 off, Sunday 09-29 and Saturday 10-12 worked (调休)
const days: { date: string; kind: string }[] = [];
for (let d = 1; d <= 7; d++) days.push({ date: `2024-10-0${d}`, kind: 'holiday' });
days.push({ date: '2024-09-29', kind: 'workday' }, { date: '2024-10-12', kind: 'workday' });
const cal = makeCalendar(days);
const S = DEFAULT_COMPLAINT_SETTINGS;

function complaint(p: Partial<ClockInput>): ClockInput {
  return {
    type: 'complaint',
    stage: 'received',
    received_at: '2024-09-27T02:00:00.000Z', // Friday 10:00 in Shanghai
    accepted_at: null,
    decided_at: null,
    paused_working_days: 0,
    case_decision: null,
    case_decided_at: null,
    case_extended: 0,
    mediation_result: null,
    mediation_ended_at: null,
    closed_at: null,
    ...p,
  };
}

describe('complaint clocks in working days (docs/domain/regulations.md §6)', () => {
  it('7 working days from receipt across a weekend, the holiday and both 调休 workdays', () => {
    // 09-29 (Sun, worked) 1, 09-30 2, holiday, 10-08 3 … 10-11 6, 10-12 (Sat, worked) 7
    expect(deadlineOf(cal, '2024-09-27T02:00:00.000Z', 7, 0, TZ)).toBe('2024-10-12');
  });
  it('a filing on a holiday counts from the next working day', () => {
    expect(deadlineOf(cal, '2024-10-05T03:00:00.000Z', 7, 0, TZ)).toBe('2024-10-16');
  });
  it('a filing late on Friday evening local time is still Friday (zone, not UTC)', () => {
    // 2024-09-27 23:30 Shanghai = 15:30Z
    expect(deadlineOf(cal, '2024-09-27T15:30:00.000Z', 7, 0, TZ)).toBe('2024-10-12');
  });
  it('举报: 15 working days, and 15 more after the extension', () => {
    const r = complaint({ type: 'report' });
    expect(clocksOf(cal, r, S, TZ).find((c) => c.kind === 'case_decision')?.deadline).toBe('2024-10-23');
    const x = complaint({ type: 'report', case_extended: 1 });
    expect(clocksOf(cal, x, S, TZ).find((c) => c.kind === 'case_decision')?.deadline).toBe('2024-11-13');
  });
  it('投诉: mediation ends 45 working days from acceptance', () => {
    const c = complaint({ stage: 'accepted', accepted_at: '2024-10-08T01:00:00.000Z', decided_at: '2024-10-08T01:00:00.000Z' });
    const clocks = clocksOf(cal, c, S, TZ);
    expect(clocks.find((k) => k.kind === 'mediation')?.deadline).toBe('2024-12-09');
    expect(clocks.find((k) => k.kind === 'decision')).toMatchObject({ met: true, inTime: true });
    expect(nextDeadline(clocks, 'accepted')).toBe('2024-12-09');
  });
  it('paused working days move every deadline', () => {
    expect(deadlineOf(cal, '2024-09-27T02:00:00.000Z', 7, 2, TZ)).toBe('2024-10-15');
    expect(pausedWorkingDays(cal, '2024-09-30', '2024-10-09')).toBe(2); // 09-30 and 10-08; the holiday does not count
  });
  it('a decision after the deadline is late; closed complaints have no next deadline', () => {
    const c = complaint({ decided_at: '2024-10-14T01:00:00.000Z', stage: 'accepted', accepted_at: '2024-10-14T01:00:00.000Z' });
    expect(clocksOf(cal, c, S, TZ)[0]).toMatchObject({ kind: 'decision', met: true, inTime: false });
    expect(nextDeadline(clocksOf(cal, c, S, TZ), 'closed')).toBeNull();
  });
  it('working days left, near and overdue flags', () => {
    expect(workingDaysLeft(cal, '2024-09-30', '2024-10-09')).toBe(2);
    expect(workingDaysLeft(cal, '2024-10-14', '2024-10-10')).toBe(-3);
    expect(flagOf(2, 2, false)).toBe('near');
    expect(flagOf(3, 2, false)).toBeNull();
    expect(flagOf(-1, 2, false)).toBe('overdue');
    expect(flagOf(-1, 2, true)).toBeNull();
  });
});

describe('privacy and text', () => {
  it('masks names and phones', () => {
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳娜娜')).toBe('欧***');
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone(null)).toBeNull();
  });
  it('strips HTML and script', () => {
    expect(stripHtml('<script>alert(1)</script>多计费<b>了</b> &lt;img&gt;<img src=x onerror=alert(1)>')).toBe('多计费了 img');
    expect(stripHtml('a < b')).toBe('a  b');
  });
});

describe('refund proposal', () => {
  it('applies the error to the billed consumption, capped by the period', () => {
    // 2 years billed, cap 12 months: half of it counts; +5 % → 5/105 of that
    const p = refundProposal({ errorPct: 5, billedQuantity: 730, billedFrom: '2022-10-01', billedTo: '2024-09-30', capMonths: 12 });
    expect(p.cappedFrom).toBe('2023-09-30');
    expect(p.countedQuantity).toBe(366);
    expect(p.refundQuantity).toBe(17.43);
  });
  it('a slow meter (negative error) refunds nothing', () => {
    expect(
      refundProposal({ errorPct: -3, billedQuantity: 100, billedFrom: '2024-01-01', billedTo: '2024-06-30', capMonths: 12 }).refundQuantity,
    ).toBe(0);
  });
  it('finds the largest measured error in a result', () => {
    expect(measuredErrorPct({ points: [{ errorPct: 0.2 }, { errorPct: -0.45 }] })).toBe(-0.45);
    expect(measuredErrorPct(null)).toBeNull();
  });
});
