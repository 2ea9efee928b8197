/**
 * China's public-holiday calendar (国务院办公厅 annual notices), 2024–2026, as data (docs/domain/regulations.md §6):
 * `holidays` are days off (放假), `workdays` are weekend days worked in exchange (调休上班).
 * Loaded into `calendar_days` at start-up; an admin may add or change days there.
 */
export interface CalendarDaySeed {
  date: string;
  kind: 'holiday' | 'workday';
  name: string;
}

function range(from: string, to: string, name: string): CalendarDaySeed[] {
  const out: CalendarDaySeed[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (d <= end) {
    out.push({ date: d.toISOString().slice(0, 10), kind: 'holiday', name });
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

function work(name: string, ...dates: string[]): CalendarDaySeed[] {
  return dates.map((date) => ({ date, kind: 'workday' as const, name: `${name}调休上班` }));
}

export const CN_CALENDAR_2024_2026: readonly CalendarDaySeed[] = [
  // 2024 (国办发明电〔2023〕7号)
  ...range('2024-01-01', '2024-01-01', '元旦'),
  ...range('2024-02-10', '2024-02-17', '春节'),
  ...work('春节', '2024-02-04', '2024-02-18'),
  ...range('2024-04-04', '2024-04-06', '清明节'),
  ...work('清明节', '2024-04-07'),
  ...range('2024-05-01', '2024-05-05', '劳动节'),
  ...work('劳动节', '2024-04-28', '2024-05-11'),
  ...range('2024-06-10', '2024-06-10', '端午节'),
  ...range('2024-09-15', '2024-09-17', '中秋节'),
  ...work('中秋节', '2024-09-14'),
  ...range('2024-10-01', '2024-10-07', '国庆节'),
  ...work('国庆节', '2024-09-29', '2024-10-12'),
  // 2025 (国办发明电〔2024〕12号)
  ...range('2025-01-01', '2025-01-01', '元旦'),
  ...range('2025-01-28', '2025-02-04', '春节'),
  ...work('春节', '2025-01-26', '2025-02-08'),
  ...range('2025-04-04', '2025-04-06', '清明节'),
  ...range('2025-05-01', '2025-05-05', '劳动节'),
  ...work('劳动节', '2025-04-27'),
  ...range('2025-05-31', '2025-06-02', '端午节'),
  ...range('2025-10-01', '2025-10-08', '国庆节、中秋节'),
  ...work('国庆节', '2025-09-28', '2025-10-11'),
  // 2026 (国办发明电〔2025〕7号)
  ...range('2026-01-01', '2026-01-03', '元旦'),
  ...work('元旦', '2026-01-04'),
  ...range('2026-02-15', '2026-02-23', '春节'),
  ...work('春节', '2026-02-14', '2026-02-28'),
  ...range('2026-04-04', '2026-04-06', '清明节'),
  ...range('2026-05-01', '2026-05-05', '劳动节'),
  ...work('劳动节', '2026-05-09'),
  ...range('2026-06-19', '2026-06-21', '端午节'),
  ...range('2026-09-25', '2026-09-27', '中秋节'),
  ...range('2026-10-01', '2026-10-07', '国庆节'),
  ...work('国庆节', '2026-09-20', '2026-10-10'),
];
export * from './verification-demo.js';
