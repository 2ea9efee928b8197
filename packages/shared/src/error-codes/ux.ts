/** Error codes of issue 15's remaining parts (import mapping, QR sheet) → HTTP status; messages `errors.<code>`. */
export const UX_ERROR_CODES = {
  /** The QR sheet's selection holds more labels than one download may (QR_LABEL_SHEET.maxLabels). */
  qr_sheet_too_many: 400,
  /** The QR sheet's selection is empty. */
  qr_sheet_empty: 400,
  /** An import column mapping names a field the importer does not know (details: the column). */
  import_mapping_unknown_field: 400,
  /** Two columns of an import mapping point to the same field (details: both columns). */
  import_mapping_duplicate_target: 400,
  /** An import mapping leaves a required field without a column (details: the field). */
  import_mapping_required_missing: 400,
  /** An import mapping names a column the file does not have (details: the column). */
  import_mapping_unknown_column: 400,
} as const;
