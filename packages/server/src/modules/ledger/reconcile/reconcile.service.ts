import { extname } from 'node:path';
import type { TReconcileResult } from '@qiangjian/shared';
import { ROSTER_HEADERS } from '@qiangjian/shared/data';
import type { Actor } from '../../../auth/actor.js';
import { requirePermission } from '../../../auth/actor.js';
import { instrumentScopeFilter, scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { today } from '../../../context.js';
import { AppError } from '../../../errors.js';
import { cellText } from '../../../lib/sheets/cells.js';
import { CsvFormatError, csvRecords, decodeCsv } from '../../../lib/sheets/csv.js';
import type { RawRow } from '../../../lib/sheets/raw-row.js';
import { normalizeHeader } from '../../../lib/sheets/text.js';
import { openXlsx } from '../../../lib/sheets/xlsx.js';
import { findOrgInScope } from '../../orgs/orgs.service.js';
import { normalizeSerial } from '../import/parse-values.js';
import { filedInstrumentsPage } from './reconcile.repository.js';

/**
 * Roster reconciliation (issue 4 item 5): a utility's billing roster (serials, optional address)
 * against its filed ledger → serials in the roster but not filed, filed but not in the roster, and
 * filed ones past their usage limit. File reading and header normalisation reuse the parser's.
 */

type RosterEntry = { row: number; address: string | null };
const PAST_LIMIT_STATUSES = new Set(['rotation_overdue', 'overdue']);

async function* rosterRows(fileName: string, content: Buffer): AsyncGenerator<RawRow> {
  const isZip = content.length >= 4 && content[0] === 0x50 && content[1] === 0x4b;
  if (isZip || extname(fileName).toLowerCase() === '.xlsx') {
    let wb: ReturnType<typeof openXlsx>;
    try {
      wb = openXlsx(content);
    } catch (e) {
      throw new AppError('import_file_unreadable', { params: { reason: (e as Error).message } });
    }
    for await (const sheet of wb.iterate()) {
      for (let n = await sheet.rows.next(); !n.done; n = await sheet.rows.next()) yield n.value;
      await sheet.close();
      return;
    }
    return;
  }
  try {
    const { text } = decodeCsv(content);
    yield* csvRecords(text);
  } catch (e) {
    if (e instanceof CsvFormatError) throw new AppError('import_file_unreadable', { params: { reason: e.message }, message: e.message });
    throw e;
  }
}

async function readRoster(fileName: string, content: Buffer): Promise<{ entries: Map<string, RosterEntry>; duplicates: number }> {
  const serialHeaders = new Set(ROSTER_HEADERS.serialNo.map(normalizeHeader));
  const addressHeaders = new Set(ROSTER_HEADERS.address.map(normalizeHeader));
  let serialCol = -1;
  let addressCol = -1;
  const entries = new Map<string, RosterEntry>();
  let duplicates = 0;
  for await (const r of rosterRows(fileName, content)) {
    if (serialCol < 0) {
      if (r.row > 30) break;
      r.cells.forEach((c, i) => {
        const h = normalizeHeader(cellText(c));
        if (serialCol < 0 && serialHeaders.has(h)) serialCol = i;
        if (addressCol < 0 && addressHeaders.has(h)) addressCol = i;
      });
      continue;
    }
    const s = normalizeSerial(r.cells[serialCol] ?? null);
    if (!s.ok || s.serial === '') continue;
    if (entries.has(s.serial)) {
      duplicates++;
      continue;
    }
    const address = addressCol >= 0 ? cellText(r.cells[addressCol] ?? null).trim() || null : null;
    entries.set(s.serial, { row: r.row, address });
  }
  if (serialCol < 0) throw new AppError('roster_no_serial_column');
  return { entries, duplicates };
}

export async function reconcileRoster(
  ctx: AppContext,
  actor: Actor,
  input: { orgId: number; fileName: string; content: Buffer; asOf?: string; limit?: number },
): Promise<TReconcileResult> {
  requirePermission(actor, 'instrument.read');
  const org = await findOrgInScope(ctx.db, actor, input.orgId);
  const asOf = input.asOf ?? today(ctx);
  const limit = input.limit ?? Number.POSITIVE_INFINITY;
  const { entries, duplicates } = await readRoster(input.fileName, input.content);

  const notInRoster: TReconcileResult['notInRoster'] = [];
  const pastLimit: TReconcileResult['pastLimit'] = [];
  const filedSerials = new Set<string>();
  const counts = { notFiled: 0, notInRoster: 0, pastLimit: 0, duplicatesInRoster: duplicates };
  // An actor whose scope is narrower than the organization (an office: its towns) gets the instruments of its scope
  // only; the others still count as filed (a roster serial filed elsewhere is not "not filed"), without any detail.
  const scope = instrumentScopeFilter(scopeOf(actor));
  let filedInScope = 0;
  let after = 0;
  for (;;) {
    const page = await filedInstrumentsPage(ctx.db, Number(org.id), asOf, after, 5000, scope);
    if (page.length === 0) break;
    for (const i of page) {
      filedSerials.add(i.serial_no);
      if (Number(i.in_scope) !== 1) continue;
      filedInScope++;
      const item = {
        serialNo: i.serial_no,
        row: entries.get(i.serial_no)?.row ?? null,
        address: entries.get(i.serial_no)?.address ?? i.location,
        instrumentId: Number(i.id),
        category: i.category,
        validUntil: i.valid_until,
        status: i.status,
      };
      if (!entries.has(i.serial_no)) {
        counts.notInRoster++;
        if (notInRoster.length < limit) notInRoster.push(item);
      }
      if ((i.status && PAST_LIMIT_STATUSES.has(i.status)) || (i.valid_until !== null && i.valid_until < asOf)) {
        counts.pastLimit++;
        if (pastLimit.length < limit) pastLimit.push(item);
      }
    }
    after = Number((page[page.length - 1] as { id: number }).id);
  }
  const notFiled: TReconcileResult['notFiled'] = [];
  for (const [serialNo, e] of entries) {
    if (filedSerials.has(serialNo)) continue;
    counts.notFiled++;
    if (notFiled.length < limit)
      notFiled.push({ serialNo, row: e.row, address: e.address, instrumentId: null, category: null, validUntil: null, status: null });
  }
  return {
    orgId: Number(org.id),
    asOf,
    rosterCount: entries.size,
    filedCount: filedInScope,
    counts,
    notFiled,
    notInRoster,
    pastLimit,
    truncated: counts.notFiled > notFiled.length || counts.notInRoster > notInRoster.length || counts.pastLimit > pastLimit.length,
  };
}
