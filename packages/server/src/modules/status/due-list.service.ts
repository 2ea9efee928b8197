/** 到期提醒: the due list over stored statuses (as of the last refresh), paged and exported to XLSX. */
import { PassThrough, type Writable } from 'node:stream';
import { CATEGORIES, DUE_LIST_DEFAULT_STATUSES, STATUSES, type TDueListItem, type TDueListQuery, t } from '@qiangjian/shared';
import { recordAuditAlone } from '../../audit/audit.service.js';
import { type Actor, requirePermission } from '../../auth/actor.js';
import { instrumentScopeFilter, scopeOf } from '../../auth/scope.js';
import type { AppContext } from '../../context.js';
import { today } from '../../context.js';
import { invalidParameter } from '../../errors.js';
import ExcelJS from '../../lib/sheets/exceljs.js';
import { regionNames } from '../regions/regions.service.js';
import * as repo from './status.repository.js';
import { ensureRefreshedToday, lastRefreshAsOf } from './status.service.js';

function listOf(raw: string | undefined, allowed: readonly string[], name: string): string[] | undefined {
  if (!raw) return undefined;
  const items = raw.split(',').filter(Boolean);
  for (const i of items) if (!allowed.includes(i)) throw invalidParameter(name, i);
  return items;
}

export function dueListFilter(q: TDueListQuery): repo.DueListFilter {
  const statuses = listOf(q.status, STATUSES, 'status') ?? [
    ...DUE_LIST_DEFAULT_STATUSES,
    ...(q.includeUnverified === '1' ? ['unverified', 'failed'] : []),
  ];
  return {
    statuses,
    categories: listOf(q.category, CATEGORIES, 'category'),
    town: q.town,
    orgId: q.orgId,
    dueFrom: q.dueFrom,
    dueTo: q.dueTo,
  };
}

function present(r: repo.DueListRow): TDueListItem {
  return {
    instrumentId: Number(r.id),
    orgId: Number(r.org_id),
    orgName: r.org_name,
    siteName: r.site_name,
    adminDivisionCode: r.admin_division_code,
    category: r.category as TDueListItem['category'],
    instrumentName: r.instrument_name,
    serialNo: r.serial_no,
    quantity: Number(r.quantity),
    status: (r.status ?? 'unverified') as TDueListItem['status'],
    validUntil: r.valid_until,
    dueDate: r.due_date,
    reasonCode: r.reason_code,
    reason: r.status_reason,
  };
}

/** One page of the due list in the actor's data scope, ordered by due date. */
export async function dueList(ctx: AppContext, actor: Actor, q: TDueListQuery) {
  requirePermission(actor, 'status.read');
  const f = dueListFilter(q);
  await ensureRefreshedToday(ctx);
  const { rows, total, totalCapped } = await repo.dueListPage(ctx.db, instrumentScopeFilter(scopeOf(actor)), f, q, ctx.config.listCountCap);
  return { asOf: await lastRefreshAsOf(ctx), items: rows.map(present), total, totalCapped, page: q.page, pageSize: q.pageSize };
}

const XLSX_COLUMNS = [
  ['seq', 6],
  ['orgName', 30],
  ['creditCode', 22],
  ['siteName', 24],
  ['town', 12],
  ['category', 12],
  ['instrumentName', 18],
  ['serialNo', 20],
  ['quantity', 8],
  ['status', 12],
  ['validUntil', 12],
  ['dueDate', 12],
  ['reason', 70],
] as const;

/** Streams the due list as XLSX (exceljs streaming writer) to `out`; returns the row count. */
async function writeDueListXlsx(ctx: AppContext, actor: Actor, f: repo.DueListFilter, out: Writable): Promise<number> {
  const asOf = (await lastRefreshAsOf(ctx)) ?? '';
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(t('excel.dueList.sheet'));
  ws.columns = XLSX_COLUMNS.map(([key, width]) => ({ key, width }));
  ws.addRow([t('excel.dueList.title', { asOf })]).commit();
  ws.addRow(XLSX_COLUMNS.map(([key]) => t(`excel.dueList.${key}`))).commit();
  const scope = instrumentScopeFilter(scopeOf(actor));
  const names = await regionNames(ctx.db);
  // the town's name (a village code falls back to its town), never a code
  const townName = (code: string | null) => (code ? (names.get(code) ?? names.get(code.slice(0, 9)) ?? code) : '');
  let after = 0;
  let n = 0;
  for (;;) {
    const rows = await repo.dueListChunk(ctx.db, scope, f, after, 2000);
    if (rows.length === 0) break;
    for (const r of rows) {
      n++;
      ws.addRow([
        n,
        r.org_name,
        r.credit_code,
        r.site_name ?? '',
        townName(r.admin_division_code),
        t(`enum.category.${r.category}`),
        r.instrument_name,
        r.serial_no,
        Number(r.quantity),
        t(`enum.status.${r.status ?? 'unverified'}`),
        r.valid_until ?? '',
        r.due_date ?? '',
        r.status_reason ?? '',
      ]).commit();
    }
    after = Number((rows[rows.length - 1] as repo.DueListRow).id);
  }
  ws.commit();
  await wb.commit();
  return n;
}

/**
 * Starts an XLSX export of the due list: checks the permission and writes the `export` audit entry first
 * (errors surface as JSON), then streams the workbook into the returned stream.
 */
export async function startDueListExport(
  ctx: AppContext,
  actor: Actor,
  q: TDueListQuery,
): Promise<{ stream: PassThrough; fileName: string }> {
  requirePermission(actor, 'status.read');
  requirePermission(actor, 'instrument.export');
  const f = dueListFilter(q);
  await ensureRefreshedToday(ctx);
  await recordAuditAlone(ctx, actor, {
    action: 'export',
    entityType: 'due_list',
    entityId: null,
    data: { kind: 'due_list', format: 'xlsx', filter: { ...f } },
  });
  const stream = new PassThrough();
  writeDueListXlsx(ctx, actor, f, stream).catch((err: unknown) => stream.destroy(err instanceof Error ? err : new Error(String(err))));
  return { stream, fileName: `${t('file.dueList', { date: (await lastRefreshAsOf(ctx)) ?? today(ctx) })}.xlsx` };
}
