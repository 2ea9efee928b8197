import { CAMPAIGN_ERROR_CODES } from './error-codes/campaigns.js';
import { COMPLAINT_ERROR_CODES } from './error-codes/complaints.js';
import { CORE_ERROR_CODES } from './error-codes/core.js';
import { LEDGER_ERROR_CODES } from './error-codes/ledger.js';
import { NOTIFICATION_ERROR_CODES } from './error-codes/notifications.js';
import { PORTAL_ERROR_CODES } from './error-codes/portal.js';
import { REPORT_SUBMISSION_ERROR_CODES } from './error-codes/report-submissions.js';
import { REPORTS_ERROR_CODES } from './error-codes/reports.js';
import { STATUS_ERROR_CODES } from './error-codes/status.js';
import { SUPERVISION_DASHBOARD_ERROR_CODES } from './error-codes/supervision-dashboard.js';
import { SUPERVISION_DRAWS_ERROR_CODES } from './error-codes/supervision-draws.js';
import { SUPERVISION_ENFORCEMENT_ERROR_CODES } from './error-codes/supervision-enforcement.js';
import { SUPERVISION_INSPECTIONS_ERROR_CODES } from './error-codes/supervision-inspections.js';
import { TALENT_ERROR_CODES } from './error-codes/talent.js';
import { UX_ERROR_CODES } from './error-codes/ux.js';
import { VERIFICATION_ERROR_CODES } from './error-codes/verification.js';

/** Every stable English error code with its HTTP status. */
export const ERROR_HTTP_STATUS = {
  ...CORE_ERROR_CODES,
  ...STATUS_ERROR_CODES,
  ...LEDGER_ERROR_CODES,
  ...VERIFICATION_ERROR_CODES,
  ...SUPERVISION_ENFORCEMENT_ERROR_CODES,
  ...SUPERVISION_DRAWS_ERROR_CODES,
  ...SUPERVISION_INSPECTIONS_ERROR_CODES,
  ...SUPERVISION_DASHBOARD_ERROR_CODES,
  ...REPORTS_ERROR_CODES,
  ...CAMPAIGN_ERROR_CODES,
  ...REPORT_SUBMISSION_ERROR_CODES,
  ...PORTAL_ERROR_CODES,
  ...TALENT_ERROR_CODES,
  ...NOTIFICATION_ERROR_CODES,
  ...COMPLAINT_ERROR_CODES,
  ...UX_ERROR_CODES,
} as const;
export type ErrorCode = keyof typeof ERROR_HTTP_STATUS;
export const ERROR_CODES = Object.keys(ERROR_HTTP_STATUS) as ErrorCode[];

/** The one error envelope of the API. */
export interface ErrorEnvelope {
  error: { code: ErrorCode; message: string; details?: unknown };
}
