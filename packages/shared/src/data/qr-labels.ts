/**
 * The printed QR label sheet (A4 PDF, `GET /api/v1/instruments/qr-labels.pdf`): the grid and the most labels one
 * download may hold. Sizes in millimetres; the labels fit common A4 label stock (3 × 8 of 64 × 33.9 mm).
 */
export const QR_LABEL_SHEET = {
  columns: 3,
  rows: 8,
  labelWidthMm: 64,
  labelHeightMm: 33.9,
  /** gap between two labels */
  gapMm: 2,
  /** the QR code's side */
  qrMm: 27,
  /** at most this many labels in one download (a larger selection is refused naming the limit) */
  maxLabels: 2000,
} as const;
