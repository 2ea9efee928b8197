import { type Category, enumLabel, type InstrumentStatus, type TPublicInstrument, type TQrSheetQuery, t } from '@qiangjian/shared';
import { QR_LABEL_SHEET } from '@qiangjian/shared/data';
import QRCode from 'qrcode';
import type { Actor } from '../../auth/actor.js';
import { requirePermission } from '../../auth/actor.js';
import { instrumentScopeFilter, scopeOf } from '../../auth/scope.js';
import type { AppContext } from '../../context.js';
import { AppError, invalidParameter } from '../../errors.js';
import { filteredInstrumentIds } from './instruments.repository.js';
import * as repo from './public.repository.js';
import { isPublicCode } from './public-code.js';
import { renderQrSheet } from './qr-sheet.document.js';

/**
 * Public lookup by QR code (no login): category, model, site name and town, status, valid-until and
 * institution. Never the `location` (a household address) or any other personal data.
 */
export async function getPublicInstrument(ctx: AppContext, code: string): Promise<TPublicInstrument> {
  if (!isPublicCode(code)) throw new AppError('not_found', { details: { entity: 'instrument' } });
  const r = await repo.findPublicInstrument(ctx.db, code);
  if (!r) throw new AppError('not_found', { details: { entity: 'instrument' } });
  const townCode = (r.site_town ?? r.admin_division_code ?? '').slice(0, 9);
  const town = townCode ? await repo.regionName(ctx.db, townCode) : null;
  const institution = await repo.latestVerifierName(ctx.db, Number(r.id));
  const nozzles = r.category === 'fuel_dispenser' ? await repo.publicNozzles(ctx.db, Number(r.id)) : [];
  return {
    code: r.public_code,
    category: r.category as Category,
    categoryLabel: enumLabel('category', r.category),
    instrumentName: r.instrument_name,
    model: r.model,
    siteName: r.site_name ?? null,
    town,
    status: (r.status as InstrumentStatus | null) ?? null,
    statusLabel: r.status ? enumLabel('status', r.status) : null,
    validUntil: publicValidUntil(r.status, r.valid_until),
    institution,
    statusAsOf: r.status_as_of,
    serialNo: r.category === 'fuel_dispenser' ? r.serial_no : null,
    nozzles: nozzles.map((n) => ({
      no: Number(n.nozzle_no),
      fuelGrade: n.fuel_grade,
      status: (n.status as InstrumentStatus | null) ?? null,
      statusLabel: n.status ? enumLabel('status', n.status) : null,
      validUntil: publicValidUntil(n.status, n.valid_until),
    })),
  };
}

/** Statuses whose valid-until says nothing to the public: a failed, never verified or withdrawn instrument is not valid. */
const NO_VALIDITY = new Set(['failed', 'unverified', 'removed']);

function publicValidUntil(status: string | null, validUntil: string | null): string | null {
  return status && NO_VALIDITY.has(status) ? null : validUntil;
}

const EXPIRED = new Set(['overdue', 'rotation_overdue']);

/** The 有效期至 cell: the date, the date marked expired, or why there is none. */
function validityText(status: string | null, validUntil: string | null): string | null {
  if (status === 'failed') return t('public.validity.failed');
  if (status === 'unverified') return t('public.validity.unverified');
  if (status === 'removed') return t('public.validity.removed');
  if (validUntil && status && EXPIRED.has(status)) return t('public.validity.expired', { date: validUntil });
  return validUntil;
}

function esc(s: string | null | undefined): string {
  return (s ?? t('public.unknown')).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const STATUS_COLOR: Record<string, string> = {
  valid: '#389e0d',
  due_soon: '#d48806',
  rotation_due: '#d48806',
  overdue: '#cf1322',
  rotation_overdue: '#cf1322',
  unverified: '#cf1322',
  failed: '#cf1322',
  removed: '#8c8c8c',
};

/** The small phone-friendly HTML page behind the QR code. */
export function renderPublicPage(p: TPublicInstrument | null): string {
  const rows = p
    ? [
        [
          t('public.category'),
          p.instrumentName && p.instrumentName !== p.categoryLabel ? `${p.categoryLabel}（${p.instrumentName}）` : p.categoryLabel,
        ],
        ...(p.serialNo ? [[t('public.serial'), p.serialNo]] : []),
        [t('public.model'), p.model],
        [t('public.site'), p.siteName],
        [t('public.town'), p.town],
        [t('public.validUntil'), validityText(p.status, p.validUntil)],
        [t('public.institution'), p.institution],
        [t('public.asOf'), p.statusAsOf],
      ]
    : [];
  const color = p?.status ? (STATUS_COLOR[p.status] ?? '#595959') : '#595959';
  const body = p
    ? `<div class="status" style="background:${color}">${esc(p.statusLabel)}</div>
<table>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</table>${nozzleTable(p)}`
    : `<p class="nf">${esc(t('public.notFound'))}</p>`;
  // the portal's complaint form with this instrument filled in (docs/PORTAL.md; the form belongs to the complaints module)
  const complain = p
    ? `<p class="more"><a class="act" href="/p/complaint?instrument=${encodeURIComponent(p.code)}">${esc(t('public.complain'))}</a></p>`
    : '';
  return publicShell(`${body}${complain}<p class="more"><a href="/p">${esc(t('public.search.another'))}</a></p>`);
}

/** The public pages' frame: header, body, footer (phone first, no script). */
function publicShell(body: string): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="robots" content="noindex"><title>${esc(t('public.title'))}</title>
<style>
body{margin:0;font-family:-apple-system,"PingFang SC","Noto Sans CJK SC","Microsoft YaHei",sans-serif;background:#f5f5f5;color:#262626}
header{background:#1677ff;color:#fff;padding:14px 16px;font-size:18px;font-weight:600}
main{max-width:560px;margin:0 auto;padding:16px}
.status{color:#fff;border-radius:8px;padding:18px;text-align:center;font-size:24px;font-weight:700;margin-bottom:16px}
table{width:100%;border-collapse:collapse;background:#fff;border-radius:8px;overflow:hidden}
th,td{padding:12px;border-bottom:1px solid #f0f0f0;text-align:left;font-size:15px;vertical-align:top}
th{width:34%;color:#8c8c8c;font-weight:400}
h2{font-size:16px;margin:20px 4px 8px}
.nz th{width:auto}
footer{color:#8c8c8c;font-size:12px;padding:16px;text-align:center}
.nf{background:#fff;padding:24px;border-radius:8px;text-align:center}
.more{text-align:center;margin-top:16px}
.act{display:block;background:#ff4d4f;color:#fff;border-radius:6px;padding:10px;text-decoration:none;font-size:16px}
form{background:#fff;border-radius:8px;padding:16px}
label{display:block;font-size:14px;color:#595959;margin:12px 0 6px}
input{box-sizing:border-box;width:100%;font-size:16px;padding:10px;border:1px solid #d9d9d9;border-radius:6px}
button{margin-top:16px;width:100%;font-size:16px;padding:10px;border:0;border-radius:6px;background:#1677ff;color:#fff}
.hint{font-size:13px;color:#8c8c8c;margin-top:6px}
.msg{background:#fff2f0;border:1px solid #ffccc7;border-radius:6px;padding:10px;margin-bottom:12px}
ul.found{background:#fff;border-radius:8px;padding:8px 24px}
ul.found li{padding:8px 0}
</style></head>
<body><header>${esc(t('public.title'))}</header><main>${body}</main><footer>${esc(t('public.footer'))}</footer></body></html>`;
}

export interface PublicSearch {
  q?: string;
  org?: string;
}

/**
 * The public search (`/p`, no login): by the public code printed under the QR code, or by the serial together with the
 * organization (its name or 统一社会信用代码). One match → its page; several (one serial in two categories) → a list; none →
 * the form again with the reason. Never lists anything without a serial and an organization.
 */
export async function searchPublic(ctx: AppContext, s: PublicSearch): Promise<{ redirect: string } | { html: string }> {
  const q = (s.q ?? '').normalize('NFKC').trim();
  const org = (s.org ?? '').normalize('NFKC').trim();
  if (!q) return { html: renderSearchPage(s, null) };
  const code = q.toLowerCase();
  if (isPublicCode(code) && (await repo.findPublicInstrument(ctx.db, code))) return { redirect: `/p/${code}` };
  if (!org) return { html: renderSearchPage(s, t('public.search.needOrg')) };
  const found = await repo.findPublicBySerial(ctx.db, q, org.toUpperCase(), org);
  if (found.length === 1) return { redirect: `/p/${(found[0] as (typeof found)[number]).public_code}` };
  if (found.length === 0) return { html: renderSearchPage(s, t('public.search.none')) };
  const items = found
    .map((f) => `<li><a href="/p/${esc(f.public_code)}">${esc(enumLabel('category', f.category))} · ${esc(f.serial_no)}</a></li>`)
    .join('');
  return {
    html: publicShell(
      `<p>${esc(t('public.search.several'))}</p><ul class="found">${items}</ul><p class="more"><a href="/p">${esc(t('public.search.another'))}</a></p>`,
    ),
  };
}

function renderSearchPage(s: PublicSearch, message: string | null): string {
  const v = (x: string | undefined) => (x ? ` value="${esc(x)}"` : '');
  return publicShell(`${message ? `<div class="msg">${esc(message)}</div>` : ''}<form method="get" action="/p">
<label for="q">${esc(t('public.search.q'))}</label><input id="q" name="q" maxlength="64" autocomplete="off"${v(s.q)}>
<div class="hint">${esc(t('public.search.qHint'))}</div>
<label for="org">${esc(t('public.search.org'))}</label><input id="org" name="org" maxlength="100"${v(s.org)}>
<div class="hint">${esc(t('public.search.orgHint'))}</div>
<button type="submit">${esc(t('public.search.submit'))}</button></form>`);
}

/** A dispenser's nozzles, each with its own status and validity (the pump's 枪号 as printed on it). */
function nozzleTable(p: TPublicInstrument): string {
  if (p.nozzles.length === 0) return '';
  const head = [t('public.nozzle.no'), t('public.nozzle.fuel'), t('public.status'), t('public.validUntil')];
  const rows = p.nozzles.map((n) => {
    const color = n.status ? (STATUS_COLOR[n.status] ?? '#595959') : '#595959';
    return `<tr><td>${esc(t('public.nozzle.label', { no: n.no }))}</td><td>${esc(n.fuelGrade)}</td><td style="color:${color};font-weight:600">${esc(n.statusLabel)}</td><td>${esc(validityText(n.status, n.validUntil))}</td></tr>`;
  });
  return `<h2>${esc(t('public.nozzle.title'))}</h2><table class="nz"><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>${rows.join('')}</table>`;
}

export function publicUrl(baseUrl: string, code: string): string {
  return `${baseUrl.replace(/\/$/, '')}/p/${code}`;
}

/** QR labels for a selection of instruments: an SVG sheet (printable) or one PNG code. */
export async function qrLabels(
  ctx: AppContext,
  actor: Actor,
  ids: number[],
  format: 'svg' | 'png',
  baseUrl: string,
): Promise<{ contentType: string; body: string | Buffer }> {
  requirePermission(actor, 'instrument.read');
  if (ids.length === 0 || ids.length > 500) throw invalidParameter('ids', '1…500');
  if (format === 'png' && ids.length !== 1) throw invalidParameter('ids', 'png: 1');
  const rows = await repo.labelRows(ctx.db, ids, instrumentScopeFilter(scopeOf(actor)));
  if (rows.length !== new Set(ids).size) throw new AppError('not_found', { details: { entity: 'instrument' } });
  if (format === 'png') {
    const r = rows[0] as (typeof rows)[number];
    return {
      contentType: 'image/png',
      body: await QRCode.toBuffer(publicUrl(baseUrl, r.public_code), { type: 'png', margin: 2, width: 360, errorCorrectionLevel: 'M' }),
    };
  }
  // A4 sheet of 3 × N labels, 64 × 40 mm each
  const W = 64;
  const H = 40;
  const perRow = 3;
  const labels: string[] = [];
  for (const [i, r] of rows.entries()) {
    const x = (i % perRow) * (W + 2) + 4;
    const y = Math.floor(i / perRow) * (H + 2) + 4;
    const qr = await QRCode.toString(publicUrl(baseUrl, r.public_code), { type: 'svg', margin: 0, errorCorrectionLevel: 'M' });
    const inner = qr.replace(/^<svg[^>]*viewBox="([^"]+)"[^>]*>/, '<svg x="2" y="4" width="32" height="32" viewBox="$1">');
    const text = (s: string, dy: number, size: number, bold = false) =>
      `<text x="36" y="${dy}" font-size="${size}" ${bold ? 'font-weight="700"' : ''} font-family="Noto Sans CJK SC, sans-serif">${esc(s)}</text>`;
    labels.push(
      `<g transform="translate(${x},${y})"><rect width="${W}" height="${H}" rx="2" fill="#fff" stroke="#999" stroke-width="0.3"/>${inner}` +
        text(enumLabel('category', r.category), 9, 3.6, true) +
        text(r.serial_no, 15, 3) +
        text((r.site_name ?? '').slice(0, 12), 21, 2.6) +
        text(t('qr.label.scan'), 34, 2.4) +
        `</g>`,
    );
  }
  const rowsCount = Math.ceil(rows.length / perRow);
  const width = perRow * (W + 2) + 6;
  const height = rowsCount * (H + 2) + 6;
  return {
    contentType: 'image/svg+xml; charset=utf-8',
    body: `<svg xmlns="http://www.w3.org/2000/svg" width="${width}mm" height="${height}mm" viewBox="0 0 ${width} ${height}">${labels.join('')}</svg>`,
  };
}

/** The labels of instruments whose scope the caller checked, as an A4 PDF sheet. */
export async function qrSheetOfIds(ctx: AppContext, ids: readonly number[], baseUrl: string): Promise<Buffer> {
  if (ids.length > QR_LABEL_SHEET.maxLabels)
    throw new AppError('qr_sheet_too_many', { params: { max: QR_LABEL_SHEET.maxLabels }, details: { name: 'ids' } });
  const rows = await repo.labelRowsOf(ctx.db, ids);
  return renderQrSheet(
    rows.map((r) => ({
      url: publicUrl(baseUrl, r.public_code),
      publicCode: r.public_code,
      category: r.category,
      instrumentName: r.instrument_name,
      serialNo: r.serial_no,
      orgName: r.org_name,
      siteName: r.site_name,
    })),
    t('qr.sheet.title'),
  );
}

/**
 * The A4 QR label sheet of the chosen instruments, or of every instrument matching the list filters, in the
 * caller's scope (an id outside it: 404; none matching: 400 naming `ids`; more than the sheet's limit: 400).
 */
export async function qrSheet(ctx: AppContext, actor: Actor, q: TQrSheetQuery, baseUrl: string): Promise<Buffer> {
  requirePermission(actor, 'instrument.read');
  const scope = instrumentScopeFilter(scopeOf(actor));
  let ids: number[];
  if (q.ids) {
    ids = [...new Set(q.ids.split(',').map(Number))];
    if (ids.length > QR_LABEL_SHEET.maxLabels) {
      throw new AppError('qr_sheet_too_many', { params: { max: QR_LABEL_SHEET.maxLabels }, details: { name: 'ids' } });
    }
    const rows = await repo.labelRows(ctx.db, ids, scope);
    if (rows.length !== ids.length) throw new AppError('not_found', { details: { entity: 'instrument' } });
  } else {
    const { ids: _ids, ...filter } = q;
    ids = await filteredInstrumentIds(ctx.db, scope, filter, QR_LABEL_SHEET.maxLabels + 1);
  }
  if (ids.length === 0) throw new AppError('qr_sheet_empty', { details: { name: 'ids' } });
  return qrSheetOfIds(ctx, ids, baseUrl);
}
