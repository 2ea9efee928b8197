/** 投诉举报导出: the complaint list as XLSX — the list's filters, data scope and masking (docs/COMPLAINTS.md "Export"). */
import { PassThrough, type Writable } from 'node:stream';
import { enumLabel, type TComplaintExportQuery, t } from '@qiangjian/shared';
import { recordAuditAlone } from '../../audit/audit.service.js';
import type { Actor } from '../../auth/actor.js';
import type { Scope } from '../../auth/scope.js';
import type { AppContext } from '../../context.js';
import { today } from '../../context.js';
import { type SheetColumn, XlsxWriter } from '../../lib/sheets/writer.js';
import { dateTimeInZone } from '../../time.js';
import { loadCalendar } from '../verification/calendar/settings.service.js';
import * as repo from './complaints.repository.js';
import { complaintScopeOf, listFilterOf, listItem } from './complaints.service.js';
import { getComplaintSettings } from './settings.service.js';

/** The sheet's columns: key (its header is `excel.complaints.<key>`) and width in characters. */
const COLUMNS = [
  ['seq', 6],
  ['trackingCode', 26],
  ['type', 8],
  ['subject', 10],
  ['stage', 10],
  ['orgName', 30],
  ['townName', 14],
  ['officeName', 20],
  ['handler', 12],
  ['name', 10],
  ['phone', 14],
  ['receivedAt', 17],
  ['nextDeadline', 12],
  ['flag', 10],
  ['duplicateOf', 26],
] as const;

/** Rows read per query (a county files hundreds a year; the chunks keep a large region's export flat in memory). */
const CHUNK = 1000;

async function writeComplaintsXlsx(
  ctx: AppContext,
  scope: { scope: Scope; own: boolean },
  f: repo.ListFilter,
  order: repo.ListOrder,
  out: Writable,
): Promise<number> {
  const [cal, s] = await Promise.all([loadCalendar(ctx.db), getComplaintSettings(ctx.db)]);
  const day = today(ctx);
  const w = new XlsxWriter(out, { styles: true });
  const columns: SheetColumn[] = COLUMNS.map(([key, width]) => ({ key, width, header: t(`excel.complaints.${key}`) }));
  const sheet = w.addSheet(t('excel.complaints.sheet'), { title: t('excel.complaints.title', { date: day }), columns });
  let n = 0;
  for (let offset = 0; ; offset += CHUNK) {
    const rows = await repo.listChunk(ctx.db, scope.scope, f, order, offset, CHUNK);
    for (const r of rows) {
      const i = listItem(ctx, scope.own, cal, s, day, r);
      const anonymous = !scope.own && Number(r.anonymous) === 1;
      n++;
      const wait = sheet.addRow([
        n,
        i.trackingCode,
        enumLabel('complaintType', i.type),
        enumLabel('complaintSubject', i.subject),
        enumLabel('complaintStage', i.stage),
        i.orgName,
        i.townName,
        i.officeName,
        i.handler,
        anonymous ? t('pages.complaints.list.anonymous') : i.nameMasked,
        i.phoneMasked,
        dateTimeInZone(new Date(i.receivedAt), ctx.config.timeZone),
        i.nextDeadline,
        i.paused ? t('pages.complaints.list.paused') : i.flag ? enumLabel('complaintFlag', i.flag) : null,
        i.duplicateOf,
      ]);
      if (wait) await sheet.caughtUp();
    }
    if (rows.length < CHUNK) break;
  }
  sheet.commit();
  await w.commit();
  return n;
}

/**
 * GET /complaints/export.xlsx: the scope and the filters are checked and the `export` audit entry written first (errors
 * answer as JSON), then the workbook streams into the returned stream. Name and phone are masked exactly as in the list;
 * an enterprise's export has no personal data, office or handler.
 */
export async function startComplaintsExport(
  ctx: AppContext,
  actor: Actor,
  q: TComplaintExportQuery,
): Promise<{ stream: PassThrough; fileName: string }> {
  const scope = complaintScopeOf(actor);
  const [cal, s] = await Promise.all([loadCalendar(ctx.db), getComplaintSettings(ctx.db)]);
  const { f, order } = await listFilterOf(ctx, actor, scope.scope, q, cal, s);
  const { ids: _ids, ...filter } = f;
  await recordAuditAlone(ctx, actor, {
    action: 'export',
    entityType: 'complaint',
    entityId: null,
    data: { kind: 'complaints', format: 'xlsx', filter: { ...filter, flag: q.flag, decidedInTime: q.decidedInTime } },
  });
  const stream = new PassThrough();
  writeComplaintsXlsx(ctx, scope, f, order, stream).catch((err: unknown) =>
    stream.destroy(err instanceof Error ? err : new Error(String(err))),
  );
  return { stream, fileName: `${t('file.complaints', { date: today(ctx) })}.xlsx` };
}
