import type { Writable } from 'node:stream';
import { CATEGORIES, enumLabel, type TExportQuery, t } from '@qiangjian/shared';
import { ATTACHMENT1_LAYOUT, ECQS_LAYOUT, type LayoutColumn, type SheetLayout } from '@qiangjian/shared/data';
import { recordAuditAlone } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { regionPrefix, requirePermission } from '../../../auth/actor.js';
import { instrumentScopeFilter, orgScopeFilter, scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { today } from '../../../context.js';
import type { DbOrTrx } from '../../../db/database.js';
import type { InstrumentRow, OrganizationRow } from '../../../db/schema.js';
import { AppError } from '../../../errors.js';
import { fileNamePart } from '../../../http/content-disposition.js';
import { csvField } from '../../../lib/sheets/csv.js';
import { XlsxWriter } from '../../../lib/sheets/writer.js';
import { findOrgInScope } from '../../orgs/orgs.service.js';
import { loadRuleContext, statusesAsOf } from '../../status/status.api.js';
import type { ExportVerification } from './ledger-export.repository.js';
import * as repo from './ledger-export.repository.js';

/**
 * Attachment 1 (在用强检计量器具台账, docs/domain/forms.md §3) and the e-CQS-style sheet, streamed: instruments are
 * read in keyset pages (org → category → site → serial) and written row by row (exceljs streaming
 * WorkbookWriter, CSV or JSON lines), so memory stays flat whatever the size.
 */

const PAGE = 2000;

const NOT_VALID_REMARK: Record<string, string> = {
  overdue: 'report.remarks.overdue',
  rotation_overdue: 'report.remarks.rotation_overdue',
  unverified: 'report.remarks.unverified',
  failed: 'report.remarks.failed',
};

export interface ExportParams {
  orgId?: number;
  region?: string;
  asOf?: string;
  format: TExportQuery['format'];
  layout: TExportQuery['layout'];
  onProgress?: (rows: number) => void;
}

type Ver = ExportVerification;

function layoutOf(id: string): SheetLayout {
  return id === 'ecqs' ? ECQS_LAYOUT : ATTACHMENT1_LAYOUT;
}

/** Attachment 1 keeps the 19 main columns plus the optional ones switched on by default for the categories present. */
function columnsFor(layout: SheetLayout): LayoutColumn[] {
  return layout.columns.filter(
    (c) => !c.optional || c.key === 'installDate' || c.key === 'adminDivisionCode' || c.categories !== undefined,
  );
}

async function orgsFor(ctx: AppContext, actor: Actor, p: ExportParams): Promise<OrganizationRow[]> {
  if (p.orgId) return [await findOrgInScope(ctx.db, actor, p.orgId)];
  if (!p.region) throw new AppError('export_scope_required');
  return repo.enterprisesInRegion(ctx.db, regionPrefix(p.region), orgScopeFilter(scopeOf(actor)));
}

async function* instrumentPages(
  db: DbOrTrx,
  actor: Actor,
  orgId: number,
  asOf: string,
): AsyncGenerator<(InstrumentRow & { site_name: string | null })[]> {
  const scope = instrumentScopeFilter(scopeOf(actor));
  const sites = await repo.sitesByName(db, orgId);
  const siteIds: (number | null)[] = [...sites.map((s) => Number(s.id)), null];
  const siteName = new Map(sites.map((s) => [Number(s.id), s.name]));
  for (const category of CATEGORIES) {
    for (const siteId of siteIds) {
      let after = '';
      for (;;) {
        const rows = await repo.instrumentPage(db, { orgId, category, siteId, asOf, after, limit: PAGE, scope });
        if (rows.length === 0) break;
        yield rows.map((r) => ({ ...r, site_name: r.site_id === null ? null : (siteName.get(Number(r.site_id)) ?? null) }));
        after = (rows[rows.length - 1] as InstrumentRow).serial_no;
        if (rows.length < PAGE) break;
      }
    }
  }
}

/** The verification shown in #14–#18: the latest passing non-spot-check ≤ D, else the latest ≤ D. */
async function verificationsFor(db: DbOrTrx, ids: number[], asOf: string): Promise<Map<number, Ver>> {
  const m = new Map<number, Ver>();
  if (ids.length === 0) return m;
  const rows = await repo.verificationsUpTo(db, ids, asOf);
  const governing = new Map<number, Ver>();
  for (const r of rows) {
    const id = Number(r.instrument_id);
    m.set(id, r);
    if (r.conclusion === 'passed' && r.kind !== 'spot_check') governing.set(id, r);
  }
  for (const [id, v] of governing) m.set(id, v);
  return m;
}

/** A use-site region as a person reads it: the town's (or village's) name, never its code (an unknown code stays). */
function divisionName(code: string | null, regions: ReadonlyMap<string, string>): string | null {
  if (!code) return null;
  const village = code.length > 9 ? regions.get(code) : undefined;
  const town = regions.get(code.slice(0, 9)) ?? regions.get(code);
  if (village && town && village !== town) return `${town}${village}`;
  return village ?? town ?? code;
}

function cellValue(
  key: string,
  r: InstrumentRow,
  v: Ver | undefined,
  seq: number,
  regions: ReadonlyMap<string, string>,
): string | number | null {
  switch (key) {
    case 'seq':
      return seq;
    case 'instrumentName':
      return r.instrument_name;
    case 'catalogueItem':
      return r.catalogue_item;
    case 'catalogueType':
      return r.catalogue_type;
    case 'model':
      return r.model;
    case 'measuringRange':
      return r.measuring_range;
    case 'accuracyClass':
      return r.accuracy_class;
    case 'serialNo':
      return r.serial_no;
    case 'manufacturer':
      return r.manufacturer;
    case 'origin':
      return r.origin ? enumLabel('origin', r.origin) : null;
    case 'location':
      return r.location;
    case 'quantity':
      return Number(r.quantity);
    case 'purpose':
      return r.purpose ? enumLabel('purpose', r.purpose) : null;
    case 'submissionMode':
      return r.submission_mode ? enumLabel('submissionMode', r.submission_mode) : null;
    case 'institution':
      return v?.institution_name ?? null;
    case 'verificationDate':
      return v?.date ?? null;
    case 'validUntil':
      return r.valid_until ?? v?.valid_until ?? null;
    case 'certificateNo':
      return v?.certificate_no ?? null;
    case 'conclusion':
      return v ? enumLabel('conclusion', v.conclusion) : null;
    case 'remarks': {
      const parts: string[] = [];
      const k = r.status ? NOT_VALID_REMARK[r.status] : undefined;
      if (k) parts.push(t(k));
      if (r.remarks) parts.push(r.remarks);
      return parts.length ? parts.join('；') : null;
    }
    case 'installDate':
      return r.install_date;
    case 'firstUseDate':
      return r.first_use_date;
    case 'adminDivisionCode':
      return divisionName(r.admin_division_code, regions);
    case 'caliberDn':
      return r.caliber_dn === null ? null : Number(r.caliber_dn);
    case 'q3':
      return r.q3 === null ? null : Number(r.q3);
    case 'gRating':
      return r.g_rating;
    case 'gasMedium':
      return r.gas_medium ? enumLabel('gasMedium', r.gas_medium) : null;
    case 'nozzles':
      return null;
    case 'fuelGrade':
      return r.fuel_grade;
    case 'sealNos':
      return r.seal_nos;
    case 'typeApprovalNo':
      return r.type_approval_no;
    case 'status':
      return r.status;
    default:
      return null;
  }
}

function write(out: Writable, s: string): Promise<void> | void {
  if (!out.write(s)) return new Promise((resolve) => out.once('drain', () => resolve()));
}

/** Streams the export into `out` (ends it); returns the number of instrument rows written. */
/**
 * The download's file name without extension, in Chinese (附件1-乌审旗-2024-10-15): the layout, the organization's
 * name or the region's, and the as-of date. Called after the export started, so the scope was checked.
 */
export async function exportFileName(ctx: AppContext, actor: Actor, p: ExportParams): Promise<string> {
  const subject = p.orgId
    ? (await findOrgInScope(ctx.db, actor, p.orgId)).name
    : ((await repo.regionNames(ctx.db)).get(p.region ?? '') ?? p.region ?? '');
  return t(`file.ledgerExport.${p.layout ?? 'attachment1'}`, { subject: fileNamePart(subject), date: p.asOf ?? today(ctx) });
}

export async function exportLedger(ctx: AppContext, actor: Actor, p: ExportParams, out: Writable): Promise<{ rows: number; orgs: number }> {
  requirePermission(actor, 'instrument.export');
  const asOf = p.asOf ?? today(ctx);
  const layout = layoutOf(p.layout);
  const cols = columnsFor(layout);
  const orgs = await orgsFor(ctx, actor, p);
  const regions = await repo.regionNames(ctx.db);
  let total = 0;

  const headerBlockValue = (org: OrganizationRow, key: string): string => {
    switch (key) {
      case 'orgName':
        return org.name;
      case 'creditCode':
        return org.credit_code;
      case 'orgKind':
        return enumLabel('orgKind', org.kind);
      case 'address':
        return org.address ?? '';
      case 'township':
        return regions.get(org.region_code.slice(0, 9)) ?? '';
      case 'contactName':
        return org.contact_name ?? '';
      case 'contactPhone':
        return org.contact_phone ?? '';
      case 'reportDate':
        return asOf;
      default:
        return '';
    }
  };

  // today: the stored status columns; another date: statuses computed from the history with the rules in force then
  const rc = asOf === today(ctx) ? null : await loadRuleContext(ctx, ctx.db, asOf);
  const rowsOf = async function* (org: OrganizationRow) {
    let seq = 0;
    for await (const stored of instrumentPages(ctx.db, actor, Number(org.id), asOf)) {
      const ids = stored.map((r) => Number(r.id));
      const computed = rc ? await statusesAsOf(ctx, ctx.db, ids, asOf, rc) : null;
      const page = computed
        ? stored.flatMap((r) => {
            const c = computed.get(Number(r.id));
            if (!c) return [r];
            // not yet in service at that date (no install date; first verified later): not in that day's ledger
            return c.beforeStart ? [] : [{ ...r, status: c.status, valid_until: c.validUntil }];
          })
        : stored;
      const vers = await verificationsFor(ctx.db, ids, asOf);
      const noz = cols.some((c) => c.key === 'nozzles') ? await repo.nozzleCounts(ctx.db, ids) : new Map<number, number>();
      for (const r of page) {
        seq++;
        const values = cols.map((c) =>
          c.key === 'nozzles' ? (noz.get(Number(r.id)) ?? null) : cellValue(c.key, r, vers.get(Number(r.id)), seq, regions),
        );
        yield values;
      }
      total += page.length;
      p.onProgress?.(total);
      // SQLite reads resolve as microtasks only; yield a macrotask per page so the output stream and
      // other requests in `serve` get a turn during a long export.
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  };

  if (p.format === 'xlsx') {
    // styles off (XlsxWriter's default): a 1,000,000-row export stays in minutes; widths and merges are kept
    const wb = new XlsxWriter(out);
    if (orgs.length === 0) wb.addEmptySheet(layout.title);
    const columns = cols.map((c) => ({ key: c.key, width: c.width, header: c.unit ? `${c.header}(${c.unit})` : c.header }));
    for (const org of orgs) {
      const block = layout.headerBlock;
      const preamble: string[][] = [];
      for (let i = 0; i < block.length; i += 4) {
        const cells: string[] = [];
        for (const f of block.slice(i, i + 4)) cells.push(f.label, headerBlockValue(org, f.key));
        preamble.push(cells);
      }
      const sheet = wb.addSheet(layout.headerBlock.length ? org.name : `${layout.title}`, {
        title: t(layout.id === 'ecqs' ? 'excel.ecqs.title' : 'excel.attachment1.title'),
        preamble,
        columns,
      });
      for await (const values of rowsOf(org)) if (sheet.addRow(values)) await sheet.caughtUp();
      sheet.commit();
    }
    await wb.commit();
  } else if (p.format === 'csv') {
    await write(out, '\ufeff');
    await write(
      out,
      `${[t('excel.attachment1.creditCode'), t('excel.attachment1.orgName'), ...cols.map((c) => c.header)].map(csvField).join(',')}\r\n`,
    );
    for (const org of orgs) {
      for await (const values of rowsOf(org)) await write(out, `${[org.credit_code, org.name, ...values].map(csvField).join(',')}\r\n`);
    }
    out.end();
  } else {
    await write(
      out,
      `{"layout":${JSON.stringify(layout.id)},"version":${layout.version},"asOf":${JSON.stringify(asOf)},"columns":${JSON.stringify(cols.map((c) => ({ key: c.key, header: c.header })))},"rows":[`,
    );
    let first = true;
    for (const org of orgs) {
      for await (const values of rowsOf(org)) {
        const obj: Record<string, unknown> = { creditCode: org.credit_code, orgName: org.name };
        cols.forEach((c, i) => {
          obj[c.key] = values[i];
        });
        await write(out, `${first ? '' : ','}\n${JSON.stringify(obj)}`);
        first = false;
      }
    }
    await write(out, '\n]}\n');
    out.end();
  }
  await recordAuditAlone(
    ctx,
    actor,
    {
      action: 'export',
      entityType: 'ledger',
      entityId: null,
      data: { layout: layout.id, format: p.format, orgId: p.orgId ?? null, region: p.region ?? null, asOf, rows: total, orgs: orgs.length },
    },
    p.orgId ?? null,
  );
  return { rows: total, orgs: orgs.length };
}
