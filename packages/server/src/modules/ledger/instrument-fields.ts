import type { Category, LedgerState } from '@qiangjian/shared';
import { IMPORT_CATALOGUE_BY_CATEGORY, IMPORT_CATALOGUE_TYPE_VARIANTS } from '@qiangjian/shared/data';

/** camelCase API field → snake_case column of `instruments` (editable fields only). */
export const FIELD_COLUMNS = {
  siteId: 'site_id',
  serialNo: 'serial_no',
  instrumentName: 'instrument_name',
  model: 'model',
  measuringRange: 'measuring_range',
  accuracyClass: 'accuracy_class',
  manufacturer: 'manufacturer',
  origin: 'origin',
  location: 'location',
  quantity: 'quantity',
  purpose: 'purpose',
  submissionMode: 'submission_mode',
  adminDivisionCode: 'admin_division_code',
  caliberDn: 'caliber_dn',
  q3: 'q3',
  gRating: 'g_rating',
  gasMedium: 'gas_medium',
  fuelGrade: 'fuel_grade',
  sealNos: 'seal_nos',
  typeApprovalNo: 'type_approval_no',
  installDate: 'install_date',
  firstUseDate: 'first_use_date',
  manufactureDate: 'manufacture_date',
  remarks: 'remarks',
} as const;
export type FieldKey = keyof typeof FIELD_COLUMNS;

/** Fields that belong to one category only (docs/domain/forms.md §3 optional columns). */
export const CATEGORY_ONLY_FIELDS: Partial<Record<FieldKey | 'nozzles', readonly Category[]>> = {
  caliberDn: ['water_meter'],
  q3: ['water_meter'],
  gRating: ['gas_meter'],
  gasMedium: ['gas_meter'],
  fuelGrade: ['fuel_dispenser'],
  firstUseDate: ['fuel_dispenser'],
  nozzles: ['fuel_dispenser'],
};

/** 项别 / 种别 from the category and the name (docs/domain/forms.md §2). */
export function catalogueOf(category: string, name: string): { item: string | null; type: string | null } {
  const c = (IMPORT_CATALOGUE_BY_CATEGORY as Record<string, { item: string; type: string } | undefined>)[category];
  if (!c) return { item: null, type: null };
  const variant = IMPORT_CATALOGUE_TYPE_VARIANTS.find((v) => v.category === category && name.includes(v.nameContains));
  return { item: c.item, type: variant?.type ?? c.type };
}

/** Filing states a record may move to (docs/LEDGER.md "Filing states"); the form and the import both follow it. */
export const LEDGER_TRANSITIONS: Record<LedgerState, readonly LedgerState[]> = {
  draft: ['filed', 'scrapped'],
  filed: ['suspended', 'removed', 'scrapped'],
  suspended: ['filed', 'removed', 'scrapped'],
  removed: ['scrapped'],
  scrapped: [],
};
