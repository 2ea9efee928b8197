/** The installation's own bureau (used when the first admin is created on an empty database). */
export const DEFAULT_BUREAU = {
  name: '乌审旗市场监督管理局',
  /** GB 32100 body; the check characters are computed (makeCreditCode). */
  creditHead: '11150626',
  creditBody: 'MB1A0001',
  regionCode: '150626',
} as const;
