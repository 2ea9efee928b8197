/**
 * Enforcement data (docs/ENFORCEMENT.md): per violation code (docs/domain/regulations.md §4) the default deadline of a
 * rectification order (责令改正), the legal bases a penalty decision may cite, the fine range and whether illegal gains
 * may be confiscated; the case time limit and its extension (§6), the document number formats and the publication
 * periods of the disclosure (§5). These are the defaults of the `enforcement` setting: an administrator edits them
 * (local 裁量基准 narrow the ranges, §8 item 8), the services read the setting.
 */

export interface LegalBasis {
  /** stable id within the code, e.g. `rules_43` */
  id: string;
  /** the citation as printed on the decision */
  text: string;
}

export interface ViolationEnforcement {
  /** default deadline of a rectification order */
  orderDays: number;
  orderUnit: 'working' | 'calendar';
  /** default required actions printed on the order */
  orderActions: string;
  /** bases a penalty decision may cite (empty: no penalty basis, orders only) */
  bases: LegalBasis[];
  /** fine range in 元 (null: no fine basis) */
  fine: { min: number; max: number } | null;
  /** whether illegal gains (违法所得) may be confiscated */
  confiscation: boolean;
}

const LAW_25: LegalBasis = { id: 'law_25', text: '《中华人民共和国计量法》第二十五条' };
const LAW_26: LegalBasis = { id: 'law_26', text: '《中华人民共和国计量法》第二十六条' };
const LAW_27: LegalBasis = { id: 'law_27', text: '《中华人民共和国计量法》第二十七条' };
const RULES_43: LegalBasis = { id: 'rules_43', text: '《中华人民共和国计量法实施细则》第四十三条' };
const RULES_46: LegalBasis = { id: 'rules_46', text: '《中华人民共和国计量法实施细则》第四十六条' };
const STATION_9: LegalBasis = { id: 'station_9', text: '《加油站计量监督管理办法》第九条' };
const STATION_10: LegalBasis = { id: 'station_10', text: '《加油站计量监督管理办法》第十条' };
const INST_17: LegalBasis = { id: 'institution_17', text: '《计量授权管理办法》第十七条' };

const STOP_AND_VERIFY = '立即停止使用，向有资质的检定机构申请检定，检定合格后方可继续使用，并提交检定证书。';
const REPLACE = '立即停止使用，调换或修理后重新检定，合格后方可使用，并提交检定证书。';

const e = (
  orderDays: number,
  orderUnit: 'working' | 'calendar',
  orderActions: string,
  bases: LegalBasis[],
  fine: { min: number; max: number } | null,
  confiscation = false,
): ViolationEnforcement => ({ orderDays, orderUnit, orderActions, bases, fine, confiscation });

/** Per violation code (docs/domain/regulations.md §4a/§4b; ranges are the basis's range before local benchmarks). */
export const VIOLATION_ENFORCEMENT: Readonly<Record<string, ViolationEnforcement>> = {
  unverified_in_use: e(10, 'working', STOP_AND_VERIFY, [LAW_25, RULES_43], { min: 0, max: 1000 }),
  installed_before_verification: e(10, 'working', STOP_AND_VERIFY, [LAW_25, RULES_43, STATION_9], { min: 0, max: 5000 }),
  overdue_in_use: e(10, 'working', STOP_AND_VERIFY, [LAW_25, RULES_43, STATION_9], { min: 0, max: 1000 }),
  rotation_overdue: e(90, 'calendar', '按轮换计划更换到期表具，提交更换清单及新表首次检定证书。', [LAW_25, RULES_43], {
    min: 0,
    max: 1000,
  }),
  failed_in_use: e(5, 'working', REPLACE, [LAW_25, RULES_43, STATION_9], { min: 0, max: 1000 }),
  seal_broken: e(
    5,
    'working',
    '停止使用被破坏封印的计量器具，恢复铅（签）封并经检定合格后方可使用。',
    [LAW_26, RULES_46, STATION_9],
    {
      min: 0,
      max: 2000,
    },
    true,
  ),
  unauthorized_modification: e(5, 'working', REPLACE, [RULES_46, STATION_9], { min: 0, max: 2000 }, true),
  cheating_device: e(
    5,
    'working',
    '拆除作弊装置，停止使用涉案计量器具，配合调查。',
    [LAW_27, RULES_46, STATION_9],
    { min: 0, max: 2000 },
    true,
  ),
  missing_certificate: e(10, 'working', '补齐出厂产品合格证及计量器具标志，未补齐前停止使用。', [STATION_9], { min: 0, max: 2000 }, true),
  not_filed: e(15, 'working', '将强制检定计量器具登记造册，向市场监督管理部门备案。', [STATION_9], { min: 0, max: 1000 }),
  no_ledger: e(15, 'working', '建立强制检定计量器具管理档案（台账），并提交台账复印件。', [], null),
  improper_repair: e(10, 'working', REPLACE, [STATION_9], { min: 0, max: 5000 }),
  quantity_out_of_tolerance: e(
    5,
    'working',
    '停止使用，调校并经检定合格后使用，赔偿消费者损失。',
    [STATION_9],
    { min: 0, max: 30000 },
    true,
  ),
  sale_without_instrument: e(5, 'working', '使用合格计量器具计量销售。', [STATION_9], { min: 1000, max: 10000 }),
  false_sales_records: e(10, 'working', '如实提供成品油零售账目。', [STATION_10], { min: 0, max: 30000 }),
  no_type_approval: e(30, 'calendar', '更换为经型式批准的计量器具。', [], null),
  out_of_authorized_scope: e(10, 'working', '停止超出授权范围的检定活动。', [INST_17], { min: 0, max: 1000 }, true),
  authorization_expired: e(10, 'working', '停止检定，重新申请授权。', [INST_17], { min: 0, max: 1000 }),
  unqualified_verifier: e(10, 'working', '停止由无资格人员执行检定，补充持证人员。', [], null),
  expired_standard: e(10, 'working', '停止使用超期计量标准，重新考核合格后使用。', [RULES_46], { min: 0, max: 1000 }),
  procedure_violation: e(10, 'working', '严格按检定规程开展检定，提交整改报告。', [], null),
  falsified_data: e(5, 'working', '停止出具虚假数据，收回虚假证书，配合调查。', [LAW_26, RULES_46], { min: 0, max: 2000 }, true),
  forged_mark: e(5, 'working', '停止使用伪造、盗用的检定印、证，配合调查。', [RULES_46], { min: 0, max: 2000 }, true),
  acceptance_delay: e(10, 'working', '按时限受理检定预约，提交整改报告。', [], null),
  no_rejection_feedback: e(10, 'working', '退回预约时写明原因并电话告知申请单位，提交整改报告。', [], null),
};

/** The `enforcement` setting's default value (docs/ENFORCEMENT.md, "Data and settings"). */
export const DEFAULT_ENFORCEMENT_SETTINGS = {
  /** 责令改正通知书 number: {year} the issue year, {seq} the order's running number in that year */
  orderNumberFormat: '乌审市监计改〔{year}〕{seq}号',
  /** 立案 number of a case */
  caseNumberFormat: '乌审市监立〔{year}〕{seq}号',
  /** 行政处罚决定书 number */
  decisionNumberFormat: '乌审市监处罚〔{year}〕{seq}号',
  /** 现场检查笔录 number: {year} the visit year, {seq} the inspection record's id (docs/SUPERVISION.md "Documents") */
  inspectionRecordNumberFormat: '乌审市监计检〔{year}〕{seq}号',
  /** the issuing authority printed on the documents and the disclosure */
  authorityName: '乌审旗市场监督管理局',
  /** 立案 → 处罚决定, calendar days (docs/domain/regulations.md §6) */
  caseLimitDays: 90,
  /** the first extension (approved by the bureau's head) */
  caseExtensionDays: 30,
  /** the case list warns this many days before the limit */
  caseWarnDays: 15,
  /** confiscated illegal gains: upper bound of an entry (a sanity limit, 元) */
  gainsMax: 10_000_000,
  /** publication periods of the disclosure in months (docs/domain/regulations.md §5: general 3 months–1 year, serious 6 months–3 years) */
  disclosureMonths: { penaltyGeneral: 12, penaltySerious: 36, inspectionResult: 12 },
  /** a penalty is `serious` for publication when its fine plus gains reach this many 元, or it was transferred */
  seriousFrom: 10_000,
  violations: VIOLATION_ENFORCEMENT,
};

/** Texts of the enforcement demo layer (docs/domain/forms.md §8; fictional, 示例). */
export const DEMO_ENFORCEMENT = {
  notes: {
    noLedger: '示例：现场检查发现未建立强检计量器具台账。',
    notFiled: '示例：2 台加油机未向市场监督管理部门备案。',
    rotation: '示例：600 只限期使用到期水表未轮换。',
    overdueStation: '示例：2 台加油机、4 条油枪超过检定周期继续使用。',
    seal: '示例：1 台加油机铅封被破坏。',
    failedNozzle: '示例：1 条油枪现场示值误差 −0.45%，已停用并送检。',
    modification: '示例：擅自拆装加油机计量部件。',
  },
  waterReply: '已制定轮换计划，首批 200 只到期水表已完成更换，其余于下月底前完成。附更换清单。',
  cases: {
    overdueStation: '当事人 2 台加油机（4 条油枪）超过检定周期仍用于贸易结算，现场检查时正在使用。',
    seal: '当事人 1 台加油机铅封被破坏后继续使用，经调查获得违法所得 8500 元。',
    modification: '当事人擅自拆装加油机计量部件，正在调查。',
    paid: '罚款已缴清，整改完成。',
  },
};
