/**
 * KPI formulas of docs/domain/forms.md §7 (this project's documented definitions), kept as versioned DATA: a report
 * states the version it used, and a new version is a new entry (an old version is never rewritten).
 */
export interface KpiFormula {
  key: string;
  label: string;
  numerator: string;
  denominator: string;
  /** target share (1 = 100 %) */
  target: number;
  /** lower is better (超期使用率) */
  lowerIsBetter?: boolean;
}

export interface KpiFormulaSet {
  version: number;
  formulas: readonly KpiFormula[];
}

export const KPI_FORMULAS: readonly KpiFormulaSet[] = [
  {
    version: 1,
    formulas: [
      {
        key: 'firstVerificationRate',
        label: '首检率',
        numerator: '期内新装(含更换)且安装前已首次检定合格',
        denominator: '期内新装(含更换)',
        target: 1,
      },
      {
        key: 'rotationRate',
        label: '到期轮换率',
        numerator: '应轮换表具中期末前已拆除(电能表含重新检定合格)',
        denominator: '期末前到期的限期使用表具(含期初积压)',
        target: 1,
      },
      {
        key: 'onTimeRotationRate',
        label: '按期轮换率',
        numerator: '应轮换表具中在有效期届满前拆除',
        denominator: '期末前到期的限期使用表具(含期初积压)',
        target: 1,
      },
      { key: 'verificationRate', label: '受检率', numerator: '基准日在用且在有效期内(加油机按枪)', denominator: '基准日在用', target: 1 },
      {
        key: 'samplePassRateInService',
        label: '抽检合格率(在用)',
        numerator: '期内在用表抽检合格',
        denominator: '期内在用表抽检',
        target: 1,
      },
      { key: 'samplePassRateStock', label: '抽检合格率(库存)', numerator: '期内库存表抽检合格', denominator: '期内库存表抽检', target: 1 },
      {
        key: 'overdueRate',
        label: '超期使用率',
        numerator: '基准日在用且超期(含超期未轮换)',
        denominator: '基准日在用',
        target: 0,
        lowerIsBetter: true,
      },
      { key: 'filingRate', label: '备案率', numerator: '基准日在用且已备案', denominator: '基准日在用', target: 1 },
      {
        key: 'onTimeAcceptanceRate',
        label: '按时受理率',
        numerator: '期内提交的预约在时限内受理或退回',
        denominator: '期内提交的预约(按版本)',
        target: 1,
      },
    ],
  },
];

export const CURRENT_KPI_FORMULA_VERSION = 1;

export function kpiFormulaSet(version = CURRENT_KPI_FORMULA_VERSION): KpiFormulaSet | undefined {
  return KPI_FORMULAS.find((s) => s.version === version);
}
