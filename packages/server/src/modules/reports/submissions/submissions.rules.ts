import {
  enumLabel,
  REPORT_CHAIN_STEPS,
  type ReportChainStep,
  type ReportSubmissionKind,
  ratePrinted,
  reportFigureText,
  type TAttachmentReport,
  type TKpiReport,
  type TRatio,
  type TReportData,
  type TReportFigure,
  type TReportLists,
  type TReportProblem,
  type TReportSection,
  t,
  yuanToWan,
} from '@qiangjian/shared';

/**
 * Pure rules of progress and final reports (docs/REPORTS-SUBMISSIONS.md): the campaign's reporting days, the figures
 * picked from the reports' outputs (never recomputed here), the drafted text (catalog templates), the identity and
 * plausibility problems, the approval chain and the figures that changed since submission.
 */

export interface CampaignCalendar {
  phases: { start: string; end: string }[];
  reportingDays: number[];
  finalReportDate: string;
}

export interface ReportingDay {
  kind: ReportSubmissionKind;
  day: string;
}

/** P starts with the campaign's first phase. */
export function campaignStart(c: CampaignCalendar): string {
  let m = c.phases[0]?.start ?? c.finalReportDate;
  for (const p of c.phases) if (p.start < m) m = p.start;
  return m;
}

/**
 * The reporting days: every day from the campaign's start to the end of its last phase whose day of month is one of
 * the reporting days (progress), then the final report date (final). Days are ISO 'YYYY-MM-DD'.
 */
export function reportingDaysOf(c: CampaignCalendar): ReportingDay[] {
  const start = campaignStart(c);
  let end = start;
  for (const p of c.phases) if (p.end > end) end = p.end;
  const out: ReportingDay[] = [];
  const days = [...c.reportingDays].sort((a, b) => a - b);
  let [y, m] = start.split('-').map(Number) as [number, number];
  while (`${y}-${String(m).padStart(2, '0')}-01` <= end) {
    for (const d of days) {
      const day = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
      const valid = new Date(`${day}T00:00:00Z`).getUTCDate() === d;
      if (valid && day >= start && day <= end && day !== c.finalReportDate) out.push({ kind: 'progress', day });
    }
    if (m === 12) {
      y += 1;
      m = 1;
    } else m += 1;
  }
  out.push({ kind: 'final', day: c.finalReportDate });
  return out;
}

// ---- figures ----

/** Figures that only grow as P grows (P always starts with the campaign): a drop since the previous report is implausible. */
const CUMULATIVE = new Set([
  'a2.installed',
  'a2.firstVerified',
  'a2.rotated',
  'a2.rectificationOrders',
  'a2.casesOpened',
  'a2.finesAndConfiscations',
  'a3.problemsFound',
  'a3.rectificationOrders',
  'a3.casesOpened',
  'a3.finesAndConfiscations',
  'sup.inspected',
  'sup.findings',
  'sup.ordersIssued',
  'sup.casesFiled',
  'camp.selfSubmitted',
]);

export interface SupervisionFigures {
  inspected: number;
  targets: number;
  coverage: TRatio;
  findingsByCode: { code: string; count: number }[];
  ordersIssued: number;
  ordersOverdue: number;
  overdueOrders: TReportLists['overdueOrders'];
  casesFiled: number;
}

export interface ParticipantFigures {
  participants: number;
  submitted: number;
  late: TReportLists['lateParticipants'];
}

export interface CampaignTarget {
  key: string;
  name: string;
  targetBp: number;
}

/** The campaign target keys (docs/CAMPAIGNS.md) → the KPI keys (docs/REPORTS.md). */
const TARGET_KPI: Record<string, string> = {
  first_verification_rate: 'firstVerificationRate',
  rotation_rate: 'rotationRate',
  inspection_rate: 'verificationRate',
};

const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const rateOf = (v: unknown): number | null => (v && typeof v === 'object' && 'rate' in v ? (v as TRatio).rate : null);

/** The report's data: the figures read off Attachment 2/3 totals, the KPIs, the supervision and campaign figures. */
export function reportData(
  a2: TAttachmentReport,
  a3: TAttachmentReport,
  kpis: TKpiReport,
  sup: SupervisionFigures,
  part: ParticipantFigures,
  targets: CampaignTarget[],
): TReportData {
  const f: TReportFigure[] = [];
  const count = (key: string, value: number) => f.push({ key, kind: 'count', value });
  const rate = (key: string, value: number | null) => f.push({ key, kind: 'rate', value });
  const money = (key: string, value: number) => f.push({ key, kind: 'money', value });
  const A2 = a2.total;
  for (const k of ['inService', 'installed', 'firstVerified']) count(`a2.${k}`, num(A2[k]));
  rate('a2.firstVerificationRate', rateOf(A2.firstVerificationRate));
  for (const k of ['dueForRotation', 'rotated', 'overdueNotRotated']) count(`a2.${k}`, num(A2[k]));
  rate('a2.rotationRate', rateOf(A2.rotationRate));
  rate('a2.verificationRate', rateOf(A2.verificationRate));
  count('a2.rectificationOrders', num(A2.rectificationOrders));
  count('a2.casesOpened', num(A2.casesOpened));
  money('a2.finesAndConfiscations', num(A2.finesAndConfiscations));
  const A3 = a3.total;
  for (const k of ['dispensers', 'nozzles', 'validNozzles']) count(`a3.${k}`, num(A3[k]));
  rate('a3.verificationRate', rateOf(A3.verificationRate));
  for (const k of ['problemsFound', 'rectificationOrders', 'casesOpened']) count(`a3.${k}`, num(A3[k]));
  money('a3.finesAndConfiscations', num(A3.finesAndConfiscations));
  count('sup.inspected', sup.inspected);
  count('sup.targets', sup.targets);
  rate('sup.coverageRate', sup.coverage.rate);
  count(
    'sup.findings',
    sup.findingsByCode.reduce((s, x) => s + x.count, 0),
  );
  count('sup.ordersIssued', sup.ordersIssued);
  count('sup.ordersOverdue', sup.ordersOverdue);
  count('sup.casesFiled', sup.casesFiled);
  count('camp.participants', part.participants);
  count('camp.selfSubmitted', part.submitted);
  count('camp.selfLate', part.late.length);
  for (const [k, r] of Object.entries(kpis.total)) rate(`kpi.${k}`, r.rate);
  const kpiTargets = targets.map((x) => {
    const kpi = TARGET_KPI[x.key];
    return { key: x.key, name: x.name, targetBp: x.targetBp, rate: kpi ? (kpis.total[kpi]?.rate ?? null) : null };
  });
  return {
    figures: f,
    lists: { findingsByCode: sup.findingsByCode, lateParticipants: part.late, overdueOrders: sup.overdueOrders, kpiTargets },
    attachment2: a2,
    attachment3: a3,
    kpis,
  };
}

// ---- the drafted text ----

const fig = (d: TReportData, key: string) => d.figures.find((x) => x.key === key)?.value ?? null;
const printed = (d: TReportData, key: string) => {
  const x = d.figures.find((y) => y.key === key);
  return x ? reportFigureText(x.kind, x.value) : '\u2014';
};

/** The six sections of the bureau's usual structure, every sentence from a catalog template with the figures filled in. */
export function draftSections(d: TReportData): TReportSection[] {
  const sep = t('reportSubmission.text.separator');
  const lsep = t('reportSubmission.text.listSeparator');
  const end = t('reportSubmission.text.end');
  const basic = [
    t('reportSubmission.text.basic', {
      from: d.attachment2.periodStart,
      to: d.attachment2.periodEnd,
      inService: fig(d, 'a2.inService'),
      dispensers: fig(d, 'a3.dispensers'),
      nozzles: fig(d, 'a3.nozzles'),
      participants: fig(d, 'camp.participants'),
      selfSubmitted: fig(d, 'camp.selfSubmitted'),
    }),
    t('reportSubmission.text.inspected', {
      inspected: fig(d, 'sup.inspected'),
      targets: fig(d, 'sup.targets'),
      coverageRate: printed(d, 'sup.coverageRate'),
    }),
  ].join('');
  const kpis = d.lists.kpiTargets.map((k) =>
    t('reportSubmission.text.kpi', { name: k.name, rate: ratePrinted(k.rate), target: ratePrinted(k.targetBp / 10000) }),
  );
  const results = [
    t('reportSubmission.text.results', {
      installed: fig(d, 'a2.installed'),
      firstVerified: fig(d, 'a2.firstVerified'),
      dueForRotation: fig(d, 'a2.dueForRotation'),
      rotated: fig(d, 'a2.rotated'),
      validNozzles: fig(d, 'a3.validNozzles'),
    }),
    kpis.length ? `${t('reportSubmission.text.kpiIntro')}${kpis.join(sep)}${end}` : '',
  ].join('');
  const findings = d.lists.findingsByCode.filter((x) => x.count > 0);
  const problems = [
    findings.length
      ? `${t('reportSubmission.text.problemsIntro', { findings: fig(d, 'sup.findings') })}${findings
          .map((x) => t('reportSubmission.text.finding', { label: enumLabel('violation', x.code), count: x.count }))
          .join(sep)}${end}`
      : t('reportSubmission.text.noFindings'),
    t('reportSubmission.text.overdueRotation', { overdueNotRotated: fig(d, 'a2.overdueNotRotated') }),
    d.lists.lateParticipants.length
      ? t('reportSubmission.text.late', { names: d.lists.lateParticipants.map((p) => p.orgName).join(lsep) })
      : t('reportSubmission.text.noLate'),
  ].join('');
  const rectification = [
    t('reportSubmission.text.rectification', { ordersIssued: fig(d, 'sup.ordersIssued'), ordersOverdue: fig(d, 'sup.ordersOverdue') }),
    d.lists.overdueOrders
      .map((o) =>
        t('reportSubmission.text.overdueOrder', { orderNo: o.orderNo, orgName: o.orgName, deadline: o.deadline, days: o.daysOverdue }),
      )
      .join(lsep),
  ].join('');
  const fines = (fig(d, 'a2.finesAndConfiscations') ?? 0) + (fig(d, 'a3.finesAndConfiscations') ?? 0);
  const enforcement = t('reportSubmission.text.enforcement', { casesOpened: fig(d, 'sup.casesFiled'), fines: yuanToWan(fines) });
  return [
    { key: 'basic', text: basic },
    { key: 'results', text: results },
    { key: 'problems', text: problems },
    { key: 'rectification', text: rectification },
    { key: 'enforcement', text: enforcement },
    { key: 'suggestions', text: t('reportSubmission.text.suggestions') },
  ];
}

// ---- problems: identities and plausibility ----

/**
 * The problems a report can only be submitted with a written explanation for: every identity violation of Attachment
 * 2 and 3 (as the reports module reports them), a rate over 100 %, and a cumulative count lower than in the previous
 * submitted report of the same campaign.
 */
export function problemsOf(d: TReportData, previous: TReportFigure[] | null): TReportProblem[] {
  const out: TReportProblem[] = [];
  for (const [a, r] of [
    ['a2', d.attachment2],
    ['a3', d.attachment3],
  ] as const)
    for (const v of r.identityViolations)
      out.push({
        key: `identity:${a}:${v.identity}:${v.row}`,
        kind: 'identity',
        subject: `${a}.${v.identity}:${v.row}`,
        expected: v.expected,
        actual: v.actual,
      });
  for (const x of d.figures)
    if (x.kind === 'rate' && x.value !== null && x.value > 1)
      out.push({ key: `rate:${x.key}`, kind: 'rate_over_100', subject: x.key, expected: 1, actual: x.value });
  if (previous)
    for (const x of d.figures) {
      const p = previous.find((y) => y.key === x.key);
      if (CUMULATIVE.has(x.key) && p?.value != null && x.value != null && x.value < p.value)
        out.push({ key: `dropped:${x.key}`, kind: 'count_dropped', subject: x.key, expected: p.value, actual: x.value });
    }
  return out;
}

/** The problems without a non-blank explanation. */
export function unexplained(problems: TReportProblem[], explanations: Record<string, string>): string[] {
  return problems.filter((p) => !(explanations[p.key] ?? '').trim()).map((p) => p.key);
}

// ---- the approval chain ----

export const DEFAULT_CHAIN: ReportChainStep[] = [...REPORT_CHAIN_STEPS];

/** A chain starts with `draft` and keeps the order draft → review → approve without repeats; null when valid. */
export function chainProblem(steps: readonly string[]): string | null {
  if (steps[0] !== 'draft') return 'steps[0]';
  let last = -1;
  for (let i = 0; i < steps.length; i++) {
    const at = REPORT_CHAIN_STEPS.indexOf(steps[i] as ReportChainStep);
    if (at <= last) return `steps[${i}]`;
    last = at;
  }
  return null;
}

/** The chain stored in the settings, or the default when missing or invalid. */
export function parseChain(value: string | undefined): ReportChainStep[] {
  if (!value) return DEFAULT_CHAIN;
  try {
    const v = JSON.parse(value) as unknown;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string') && chainProblem(v) === null) return v as ReportChainStep[];
  } catch {
    // fall back to the default
  }
  return DEFAULT_CHAIN;
}

/** The state after a decision at `step`: approve moves on (past the last step: submitted), return goes back to the drafter. */
export function afterDecision(
  chainLength: number,
  step: number,
  decision: 'approve' | 'return',
): { step: number; state: 'draft' | 'review' | 'submitted' } {
  if (decision === 'return') return { step: 0, state: 'draft' };
  const next = step + 1;
  return { step: next, state: next >= chainLength ? 'submitted' : 'review' };
}

// ---- data changed since submission ----

/** The figures whose value now differs from the snapshot (figures that appeared or disappeared count too). */
export function figureChanges(atSubmission: TReportFigure[], now: TReportFigure[]) {
  const out: { key: string; kind: TReportFigure['kind']; atSubmission: number | null; now: number | null }[] = [];
  const nowBy = new Map(now.map((x) => [x.key, x]));
  for (const x of atSubmission) {
    const n = nowBy.get(x.key);
    if (!n || n.value !== x.value) out.push({ key: x.key, kind: x.kind, atSubmission: x.value, now: n ? n.value : null });
  }
  const before = new Set(atSubmission.map((x) => x.key));
  for (const n of now) if (!before.has(n.key)) out.push({ key: n.key, kind: n.kind, atSubmission: null, now: n.value });
  return out;
}
