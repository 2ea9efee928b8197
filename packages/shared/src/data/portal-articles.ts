/**
 * Notices and articles of the public portal (docs/PORTAL.md): the kinds as data (adding a kind is a new row here,
 * no code change), the limits of an article body, and the demo articles the portal's demo layer publishes.
 */

/** The kinds of article the bureau publishes, in the order the portal shows them. */
export const ARTICLE_KINDS = [
  { id: 'knowledge', label: '计量知识' },
  { id: 'campaign_notice', label: '专项整治通告' },
  { id: 'exposure', label: '曝光案例' },
] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number]['id'];
export const ARTICLE_KIND_IDS = ARTICLE_KINDS.map((k) => k.id) as [ArticleKind, ...ArticleKind[]];

/** The label of an article kind (its id when the kind is unknown). */
export function articleKindLabel(id: string): string {
  return ARTICLE_KINDS.find((k) => k.id === id)?.label ?? id;
}

/** Limits of an article (the sanitizer and the request schemas read them). */
export const ARTICLE_LIMITS = {
  /** characters of the body as sent (before sanitizing) */
  maxBodyChars: 200_000,
  /** deepest nesting the sanitizer keeps; deeper opening tags are dropped (their text stays) */
  maxDepth: 12,
  /** characters of the plain-text summary shown in lists */
  summaryChars: 90,
  /** characters of a title */
  maxTitleChars: 100,
  /** characters of an author line */
  maxAuthorChars: 50,
} as const;

/** A demo article: `publishDays` / `expireDays` count from the day of seeding (negative: before it). */
export interface DemoArticle {
  kind: ArticleKind;
  title: string;
  author: string;
  body: string;
  publishDays: number | null;
  expireDays: number | null;
}

export const DEMO_ARTICLES: readonly DemoArticle[] = [
  {
    kind: 'knowledge',
    title: '家用水表、电能表、燃气表为什么要强制检定？',
    author: '县市场监督管理局计量股',
    publishDays: -40,
    expireDays: null,
    body: `<p>用于贸易结算的水表、电能表、燃气表和加油站的燃油加油机，都列入了《实施强制管理的计量器具目录》，使用前必须经过法定计量检定机构<strong>首次检定</strong>，合格后方可使用。</p>
<h3>检定合格的器具有什么标志？</h3>
<ul><li>检定合格证或检定证书；</li><li>完好的检定封印（铅封或防拆标签）；</li><li>在有效期内使用（水表、燃气表按使用年限到期轮换，电能表按规程轮换）。</li></ul>
<h3>发现表计走快了怎么办？</h3>
<p>您可以向供水、供电、供气单位申请校验，也可以向市场监管部门<em>投诉</em>，由法定计量检定机构进行<strong>仲裁检定</strong>。仲裁检定结果是处理计量纠纷的依据。</p>
<blockquote>提示：扫描表计上的二维码，可以查询该器具的检定状态和有效期。</blockquote>`,
  },
  {
    kind: 'knowledge',
    title: '加油时如何判断加油机是否计量准确',
    author: '县市场监督管理局计量股',
    publishDays: -25,
    expireDays: null,
    body: `<p>加油前，先看加油机上是否贴有<strong>检定合格标志</strong>，封印是否完好，计数器是否归零。</p>
<ol><li>核对显示的单价与站内公示价格是否一致；</li><li>加油结束后，核对升数与金额；</li><li>对计量有疑问，可以要求加油站使用标准金属量器现场比对。</li></ol>
<p>燃油加油机的检定周期一般不超过 6 个月。更多知识可查阅 <a href="https://www.samr.gov.cn/">国家市场监督管理总局网站</a>。</p>`,
  },
  {
    kind: 'knowledge',
    title: '民用三表的“首次检定、到期轮换”是什么意思',
    author: '县计量检定测试所',
    publishDays: -12,
    expireDays: null,
    body: `<p>根据《实施强制管理的计量器具目录》，民用水表、燃气表实行<strong>首次强制检定、限期使用、到期轮换</strong>：口径 25 mm 及以下的水表使用期限一般不超过 6 年，膜式燃气表一般不超过 10 年。</p>
<p>电能表实行首次强制检定、到期轮换，具体期限按检定规程执行。到期未轮换的表计，供水、供电、供气单位应及时更换。</p>`,
  },
  {
    kind: 'campaign_notice',
    title: '关于开展民用“三表”和加油机计量专项整治的通告',
    author: '县市场监督管理局',
    publishDays: -30,
    expireDays: 120,
    body: `<p>为维护群众合法权益，县市场监督管理局决定即日起在全县开展民用水表、电能表、燃气表和燃油加油机计量专项整治。现将有关事项通告如下：</p>
<h3>一、整治范围</h3>
<p>全县供水、供电、供气企业和加油站经营单位使用的强制检定计量器具。</p>
<h3>二、整治内容</h3>
<ul><li>强制检定计量器具是否按规定备案并申请检定；</li><li>是否使用未经检定、检定不合格或超过检定周期的计量器具；</li><li>是否破坏计量器具准确度、伪造数据。</li></ul>
<h3>三、举报方式</h3>
<p>欢迎社会各界监督。群众可通过本平台“投诉举报”提交线索，也可拨打 12315 热线。</p>`,
  },
  {
    kind: 'campaign_notice',
    title: '关于加油站经营单位开展计量自查自纠的通知',
    author: '县市场监督管理局',
    publishDays: -8,
    expireDays: 60,
    body: `<p>各加油站经营单位：</p>
<p>请于本月底前对在用燃油加油机逐台开展自查，重点检查<strong>检定合格标志、封印完整性、检定有效期</strong>，并通过本平台提交自查报告。</p>
<p>自查中发现的问题应立即整改；拒不自查或弄虚作假的，将依法从严处理。</p>`,
  },
  {
    kind: 'campaign_notice',
    title: '关于春节期间加油站计量监督检查的通告',
    author: '县市场监督管理局',
    publishDays: -300,
    expireDays: -240,
    body: `<p>春节期间，县市场监督管理局将对辖区加油站开展计量监督检查。本通告已过有效期。</p>`,
  },
  {
    kind: 'exposure',
    title: '某加油站使用超过检定周期的加油机被责令改正',
    author: '县市场监督管理局计量股',
    publishDays: -20,
    expireDays: null,
    body: `<p>执法人员在双随机抽查中发现，某加油站 2 台燃油加油机超过检定周期仍在使用。</p>
<p>根据《中华人民共和国计量法实施细则》第四十三条，执法人员当场下达<strong>责令改正通知书</strong>，该站已停用相关加油机并申请检定，经复查整改到位。</p>
<blockquote>提醒：加油站应在检定有效期届满前申请周期检定，切勿“带病”使用。</blockquote>`,
  },
  {
    kind: 'exposure',
    title: '破坏电能表计量准确度案件查处情况',
    author: '县市场监督管理局',
    publishDays: -5,
    expireDays: null,
    body: `<p>经群众举报，执法人员查实某商户私自改动电能表接线、破坏计量准确度。</p>
<p>根据《中华人民共和国计量法》及其实施细则的规定，依法对当事人作出<strong>没收违法所得并处罚款</strong>的行政处罚决定。</p>
<p>请广大群众发现计量违法行为积极举报。</p>`,
  },
];
