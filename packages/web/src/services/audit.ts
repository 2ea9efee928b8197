import type { TAuditEntry, TAuditVerifyResult } from '@qiangjian/shared';
import { api, buildUrl, type Page } from './api.js';
import type { PageParams } from './orgs.js';

/** Filters of GET /audit (URL strings; the server validates them): dates `YYYY-MM-DD`, `actor` a username. */
export type AuditListQuery = {
  action?: string;
  entityType?: string;
  entityId?: string;
  orgId?: string;
  from?: string;
  to?: string;
  actor?: string;
};

/** GET /audit: one page of the audit log, newest first (audit.read). */
export const listAuditLog = (q: AuditListQuery & PageParams) => api.get<Page<TAuditEntry>>('/audit', q);

/** POST /audit/verify: walks every hash chain (audit.verify). */
export const verifyAuditLog = () => api.post<TAuditVerifyResult>('/audit/verify');

/** GET /audit/checkpoint: the signed checkpoint, as a file download (audit.verify). */
export const auditCheckpointUrl = () => buildUrl('/audit/checkpoint');
