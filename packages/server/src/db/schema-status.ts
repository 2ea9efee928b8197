import type { ColumnType, Generated, Selectable } from 'kysely';

/** rule_versions: one row per version of a catalog rule (docs/domain/regulations.md principle 1). */
export interface RuleVersionsTable {
  id: Generated<number>;
  rule_key: string;
  version: number;
  category: string;
  sort_order: ColumnType<number, number | undefined, number>;
  /** JSON RuleCondition */
  condition: string;
  mode: string;
  cycle_months: number | null;
  counted_from: string;
  regulation_id: string;
  edition: string;
  effective_from: string | null;
  effective_to: string | null;
  citation: string;
  tag: string;
  mandatory: ColumnType<number, number | undefined, number>;
  active: ColumnType<number, number | undefined, number>;
  recorded_at: string;
  recorded_by: string;
  superseded_at: string | null;
  note: string | null;
}

/** Columns the status migration adds to platform tables (declared in schema.ts InstrumentsTable). */
export interface StatusInstrumentColumns {
  status_reason: string | null;
}

/** setting_versions: every value a status setting has had (version 1: the value before the first edit). */
export interface SettingVersionsTable {
  id: Generated<number>;
  key: string;
  version: number;
  value: string;
  recorded_at: string;
  recorded_by: string;
}

/** Tables of the status module (mirror its migrations). */
export interface StatusTables {
  rule_versions: RuleVersionsTable;
  setting_versions: SettingVersionsTable;
}

export type RuleVersionRow = Selectable<RuleVersionsTable>;
