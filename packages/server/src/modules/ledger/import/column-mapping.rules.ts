/**
 * Import column mappings (docs/LEDGER.md "Column mapping"): the checks of a mapping a user sends or saves. Pure.
 * A mapping is `{ header as the file shows it: field | '' }` ('' = the column is not imported).
 */
import { LEDGER_HEADER_ALIASES, type LedgerImportKey } from '@qiangjian/shared/data';
import { AppError } from '../../../errors.js';
import { normalizeHeader } from '../../../lib/sheets/text.js';
import type { ColumnInfo } from './parse-types.js';

/** Every field a column can be mapped to. */
export const MAPPABLE_FIELDS: readonly string[] = Object.keys(LEDGER_HEADER_ALIASES);
/** Fields an import cannot do without (the category may come from the organization; the serial cannot). */
export const REQUIRED_FIELDS: readonly string[] = ['serialNo'];

/** A field as a person reads it: its official header (the first alias, docs/domain/forms.md §4). */
export const fieldLabel = (key: string): string => LEDGER_HEADER_ALIASES[key as LedgerImportKey]?.[0] ?? key;

/** Unknown field, or two columns to one field → 400 naming the column(s). */
export function checkMappingShape(mapping: Readonly<Record<string, string>>): void {
  const byField = new Map<string, string>();
  for (const [column, field] of Object.entries(mapping)) {
    if (field === '') continue;
    if (!MAPPABLE_FIELDS.includes(field)) {
      throw new AppError('import_mapping_unknown_field', { params: { column }, details: { column, field } });
    }
    const other = byField.get(field);
    if (other !== undefined) {
      throw new AppError('import_mapping_duplicate_target', {
        params: { column, other, field: fieldLabel(field) },
        details: { column, other, field },
      });
    }
    byField.set(field, column);
  }
}

/** A mapped column the file does not have, or a required field no column fills (after the mapping) → 400 naming it. */
export function checkMappingAgainstFile(mapping: Readonly<Record<string, string>>, columns: readonly ColumnInfo[]): void {
  const have = new Set<string>();
  for (const c of columns) {
    const n = normalizeHeader(c.header);
    have.add(n);
    if (n.includes('/')) have.add(n.slice(n.lastIndexOf('/') + 1));
  }
  for (const column of Object.keys(mapping)) {
    if (!have.has(normalizeHeader(column))) {
      throw new AppError('import_mapping_unknown_column', { params: { column }, details: { column } });
    }
  }
  for (const field of REQUIRED_FIELDS) {
    if (!columns.some((c) => c.key === field)) {
      throw new AppError('import_mapping_required_missing', { params: { field: fieldLabel(field) }, details: { field } });
    }
  }
}
