import { beforeAll, describe, expect, it } from 'vitest';
import { createApplication } from '../../src/modules/verification/applications/applications.service.js';
import { type Method, useTestApp, type Who } from '../db.js';
import {
  actorFor,
  buildAuthorization,
  buildEnforcement,
  buildInstrument,
  buildOrg,
  buildStandard,
  buildUser,
  buildVerifier,
  DUE_SOON_DISPENSER,
  type TestUser,
} from '../factories.js';
import { csvText } from '../files.js';
import { buildSupervision } from '../supervision/fixtures.js';
import { buildFinishedInspectionB } from '../supervision/inspection-fixtures.js';
import { pngOf } from '../supervision/png.js';

/**
 * IDOR: every route that names a resource by id, called by a user of the same role as the owner but of
 * another organization (or an office whose towns do not cover it) with the id of a resource that EXISTS, never
 * answers 2xx and never changes it. The authorization matrix covers role × route with ids inside the scope or
 * that do not exist; this covers the ids a curious user would try next. A new route with an id parameter fails
 * the coverage check until it has a case here (or a reason it has no owner).
 */
interface Foreign {
  instrumentB: number;
  siteB: number;
  stationB: number;
  applicationB: number;
  importB: number;
  tokenB: number;
  sessionB: string;
  userB: number;
  authorization2: number;
  standard2: number;
  verifier2: number;
  /** enforcement records of station B (office 2's town) */
  orderB: number;
  fileB: number;
  caseB: number;
  targetB: number;
  stationBCode: string;
  inspectorB: number;
  drawCounty: number;
  /** a finished inspection of station B's site (office2), its photo and its proposed finding */
  inspectionB: { id: number; fileId: number; proposalId: number };
  /** the county's campaign (docs/CAMPAIGNS.md) and an attachment of station B's self-inspection draft */
  campaign: { id: number; fileB: number; report: number };
}
interface Case {
  route: string;
  as: Who | 'institution2' | 'regulator2';
  url: (f: Foreign) => string;
  body?: unknown | ((f: Foreign) => unknown);
  /** sends a PNG as the multipart file */
  file?: boolean;
}

const e = 'enterprise' as const;
const IDOR_PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
const CASES: Case[] = [
  { route: 'GET /api/v1/organizations/:id', as: e, url: (f) => `/api/v1/organizations/${f.stationB}` },
  { route: 'PATCH /api/v1/organizations/:id', as: 'inspector', url: (f) => `/api/v1/organizations/${f.stationB}`, body: { address: 'x' } },
  { route: 'DELETE /api/v1/organizations/:id', as: e, url: (f) => `/api/v1/organizations/${f.stationB}` },
  { route: 'GET /api/v1/sites/:id', as: e, url: (f) => `/api/v1/sites/${f.siteB}` },
  { route: 'GET /api/v1/sites/:id', as: 'inspector', url: (f) => `/api/v1/sites/${f.siteB}` },
  { route: 'PATCH /api/v1/sites/:id', as: e, url: (f) => `/api/v1/sites/${f.siteB}`, body: { address: 'IDOR' } },
  { route: 'GET /api/v1/users/:id', as: e, url: (f) => `/api/v1/users/${f.userB}` },
  { route: 'PATCH /api/v1/users/:id', as: e, url: (f) => `/api/v1/users/${f.userB}`, body: { displayName: 'IDOR' } },
  { route: 'DELETE /api/v1/auth/sessions/:id', as: e, url: (f) => `/api/v1/auth/sessions/${f.sessionB}` },
  { route: 'DELETE /api/v1/auth/sessions/:id', as: 'admin', url: (f) => `/api/v1/auth/sessions/${f.sessionB}` },
  { route: 'DELETE /api/v1/auth/tokens/:id', as: e, url: (f) => `/api/v1/auth/tokens/${f.tokenB}` },
  { route: 'GET /api/v1/instruments/:id', as: e, url: (f) => `/api/v1/instruments/${f.instrumentB}` },
  { route: 'GET /api/v1/instruments/:id', as: 'inspector', url: (f) => `/api/v1/instruments/${f.instrumentB}` },
  { route: 'GET /api/v1/instruments/:id/status', as: e, url: (f) => `/api/v1/instruments/${f.instrumentB}/status` },
  { route: 'PATCH /api/v1/instruments/:id', as: e, url: (f) => `/api/v1/instruments/${f.instrumentB}`, body: { model: 'IDOR' } },
  {
    route: 'POST /api/v1/instruments/:id/state',
    as: e,
    url: (f) => `/api/v1/instruments/${f.instrumentB}/state`,
    body: { state: 'suspended', date: '2024-10-01' },
  },
  {
    route: 'POST /api/v1/instruments/:id/nozzles',
    as: e,
    url: (f) => `/api/v1/instruments/${f.instrumentB}/nozzles`,
    body: { nozzleNo: 9 },
  },
  {
    route: 'POST /api/v1/instruments/:id/verifications',
    as: e,
    url: (f) => `/api/v1/instruments/${f.instrumentB}/verifications`,
    body: { date: '2024-08-01', conclusion: 'passed' },
  },
  { route: 'GET /api/v1/ledger/imports/:id', as: e, url: (f) => `/api/v1/ledger/imports/${f.importB}` },
  { route: 'GET /api/v1/ledger/imports/:id', as: 'inspector', url: (f) => `/api/v1/ledger/imports/${f.importB}` },
  { route: 'POST /api/v1/ledger/imports/:id/commit', as: e, url: (f) => `/api/v1/ledger/imports/${f.importB}/commit`, body: {} },
  { route: 'POST /api/v1/ledger/imports/:id/retry', as: e, url: (f) => `/api/v1/ledger/imports/${f.importB}/retry`, body: {} },
  { route: 'DELETE /api/v1/ledger/imports/:id/file', as: e, url: (f) => `/api/v1/ledger/imports/${f.importB}/file` },
  { route: 'DELETE /api/v1/ledger/imports/:id/file', as: 'inspector', url: (f) => `/api/v1/ledger/imports/${f.importB}/file` },
  { route: 'GET /api/v1/ledger/imports/:id/rejects', as: e, url: (f) => `/api/v1/ledger/imports/${f.importB}/rejects` },
  { route: 'GET /api/v1/ledger/imports/:id/error-file', as: e, url: (f) => `/api/v1/ledger/imports/${f.importB}/error-file` },
  { route: 'GET /api/v1/applications/:id', as: e, url: (f) => `/api/v1/applications/${f.applicationB}` },
  { route: 'GET /api/v1/applications/:id', as: 'institution2', url: (f) => `/api/v1/applications/${f.applicationB}` },
  { route: 'GET /api/v1/applications/:id/slip.pdf', as: e, url: (f) => `/api/v1/applications/${f.applicationB}/slip.pdf` },
  { route: 'GET /api/v1/applications/:id/results', as: e, url: (f) => `/api/v1/applications/${f.applicationB}/results` },
  {
    route: 'GET /api/v1/applications/:id/result-notice.pdf',
    as: e,
    url: (f) => `/api/v1/applications/${f.applicationB}/result-notice.pdf`,
  },
  {
    route: 'GET /api/v1/applications/:id/failure-notice.pdf',
    as: 'institution2',
    url: (f) => `/api/v1/applications/${f.applicationB}/failure-notice.pdf`,
  },
  { route: 'POST /api/v1/applications/:id/withdraw', as: e, url: (f) => `/api/v1/applications/${f.applicationB}/withdraw` },
  { route: 'POST /api/v1/applications/:id/resubmit', as: e, url: (f) => `/api/v1/applications/${f.applicationB}/resubmit`, body: {} },
  { route: 'POST /api/v1/applications/:id/accept', as: 'institution2', url: (f) => `/api/v1/applications/${f.applicationB}/accept` },
  {
    route: 'POST /api/v1/applications/:id/return',
    as: 'institution2',
    url: (f) => `/api/v1/applications/${f.applicationB}/return`,
    body: { reasonCode: 'data_error', note: 'x' },
  },
  {
    route: 'POST /api/v1/applications/:id/results',
    as: 'institution2',
    url: (f) => `/api/v1/applications/${f.applicationB}/results`,
    body: (f: Foreign) => ({
      results: [
        {
          instrumentId: f.instrumentB,
          date: '2024-10-15',
          conclusion: 'passed',
          certificateNo: 'IDOR-C',
          verifierId: f.verifier2,
          standardId: f.standard2,
        },
      ],
    }),
  },
  {
    route: 'PATCH /api/v1/verification/authorizations/:id',
    as: 'institution',
    url: (f) => `/api/v1/verification/authorizations/${f.authorization2}`,
    body: { certificateNo: 'IDOR' },
  },
  {
    route: 'DELETE /api/v1/verification/authorizations/:id',
    as: 'institution',
    url: (f) => `/api/v1/verification/authorizations/${f.authorization2}`,
  },
  {
    route: 'PATCH /api/v1/verification/standards/:id',
    as: 'institution',
    url: (f) => `/api/v1/verification/standards/${f.standard2}`,
    body: { name: 'IDOR' },
  },
  { route: 'DELETE /api/v1/verification/standards/:id', as: 'institution', url: (f) => `/api/v1/verification/standards/${f.standard2}` },
  {
    route: 'POST /api/v1/verification/standards/:id/faulty',
    as: 'institution',
    url: (f) => `/api/v1/verification/standards/${f.standard2}/faulty`,
    body: {},
  },
  {
    route: 'PATCH /api/v1/verification/verifiers/:id',
    as: 'institution',
    url: (f) => `/api/v1/verification/verifiers/${f.verifier2}`,
    body: { name: 'IDOR' },
  },
  { route: 'DELETE /api/v1/verification/verifiers/:id', as: 'institution', url: (f) => `/api/v1/verification/verifiers/${f.verifier2}` },
  // enforcement (docs/ENFORCEMENT.md)
  { route: 'GET /api/v1/supervision/orders/:id', as: e, url: (f) => `/api/v1/supervision/orders/${f.orderB}` },
  { route: 'GET /api/v1/supervision/orders/:id', as: 'inspector', url: (f) => `/api/v1/supervision/orders/${f.orderB}` },
  { route: 'POST /api/v1/supervision/orders/:id/files', as: e, url: (f) => `/api/v1/supervision/orders/${f.orderB}/files`, file: true },
  {
    route: 'GET /api/v1/supervision/orders/:id/files/:fileId',
    as: e,
    url: (f) => `/api/v1/supervision/orders/${f.orderB}/files/${f.fileB}`,
  },
  {
    route: 'POST /api/v1/supervision/orders/:id/reply',
    as: e,
    url: (f) => `/api/v1/supervision/orders/${f.orderB}/reply`,
    body: { text: 'IDOR' },
  },
  {
    route: 'POST /api/v1/supervision/orders/:id/review',
    as: 'inspector',
    url: (f) => `/api/v1/supervision/orders/${f.orderB}/review`,
    body: { outcome: 'escalate', method: 'reinspection', reviewedOn: '2024-10-15' },
  },
  { route: 'GET /api/v1/supervision/orders/:id/notice.pdf', as: e, url: (f) => `/api/v1/supervision/orders/${f.orderB}/notice.pdf` },
  {
    route: 'GET /api/v1/supervision/orders/:id/notice.docx',
    as: 'inspector',
    url: (f) => `/api/v1/supervision/orders/${f.orderB}/notice.docx`,
  },
  { route: 'GET /api/v1/supervision/cases/:id', as: e, url: (f) => `/api/v1/supervision/cases/${f.caseB}` },
  { route: 'GET /api/v1/supervision/cases/:id', as: 'inspector', url: (f) => `/api/v1/supervision/cases/${f.caseB}` },
  {
    route: 'POST /api/v1/supervision/cases/:id/notes',
    as: 'inspector',
    url: (f) => `/api/v1/supervision/cases/${f.caseB}/notes`,
    body: { kind: 'note', date: '2024-10-15', text: 'IDOR' },
  },
  {
    route: 'POST /api/v1/supervision/cases/:id/extensions',
    as: 'inspector',
    url: (f) => `/api/v1/supervision/cases/${f.caseB}/extensions`,
    body: { days: 10, approvedOn: '2024-10-15', reason: 'IDOR' },
  },
  {
    route: 'POST /api/v1/supervision/cases/:id/decision',
    as: e,
    url: (f) => `/api/v1/supervision/cases/${f.caseB}/decision`,
    body: { decidedOn: '2024-10-15', outcome: 'no_penalty', legalBasisId: 'rules_43', reason: 'IDOR' },
  },
  {
    route: 'POST /api/v1/supervision/cases/:id/close',
    as: e,
    url: (f) => `/api/v1/supervision/cases/${f.caseB}/close`,
    body: { closedOn: '2024-10-15' },
  },
  { route: 'GET /api/v1/supervision/cases/:id/decision.pdf', as: e, url: (f) => `/api/v1/supervision/cases/${f.caseB}/decision.pdf` },
  {
    route: 'GET /api/v1/supervision/cases/:id/decision.docx',
    as: 'inspector',
    url: (f) => `/api/v1/supervision/cases/${f.caseB}/decision.docx`,
  },
  // supervision registers and draws: an office inspector reads its towns and its office only; a regulator of another
  // county reaches nothing of this one
  { route: 'GET /api/v1/supervision/targets/:id', as: 'inspector', url: (f) => `/api/v1/supervision/targets/${f.targetB}` },
  {
    route: 'PATCH /api/v1/supervision/targets/:id',
    as: 'regulator2',
    url: (f) => `/api/v1/supervision/targets/${f.targetB}`,
    body: { lastInspectionDate: '2024-01-01' },
  },
  { route: 'GET /api/v1/supervision/inspectors/:id', as: 'inspector', url: (f) => `/api/v1/supervision/inspectors/${f.inspectorB}` },
  { route: 'GET /api/v1/supervision/inspectors/:id', as: 'regulator2', url: (f) => `/api/v1/supervision/inspectors/${f.inspectorB}` },
  {
    route: 'PATCH /api/v1/supervision/inspectors/:id',
    as: 'regulator2',
    url: (f) => `/api/v1/supervision/inspectors/${f.inspectorB}`,
    body: { active: false },
  },
  {
    route: 'POST /api/v1/supervision/inspectors/:id/conflicts',
    as: 'regulator2',
    url: (f) => `/api/v1/supervision/inspectors/${f.inspectorB}/conflicts`,
    body: (f: Foreign) => ({ creditCode: f.stationBCode }),
  },
  {
    route: 'DELETE /api/v1/supervision/inspectors/:id/conflicts/:orgId',
    as: 'regulator2',
    url: (f) => `/api/v1/supervision/inspectors/${f.inspectorB}/conflicts/${f.stationB}`,
  },
  { route: 'GET /api/v1/supervision/draws/:id', as: 'inspector', url: (f) => `/api/v1/supervision/draws/${f.drawCounty}` },
  { route: 'GET /api/v1/supervision/draws/:id', as: 'regulator2', url: (f) => `/api/v1/supervision/draws/${f.drawCounty}` },
  {
    route: 'POST /api/v1/supervision/draws/:id/run',
    as: 'regulator2',
    url: (f) => `/api/v1/supervision/draws/${f.drawCounty}/run`,
    body: {},
  },
  // inspections: an office inspector reads and writes its towns' records only; a party its own finished visits
  { route: 'GET /api/v1/supervision/inspections/:id', as: 'inspector', url: (f) => `/api/v1/supervision/inspections/${f.inspectionB.id}` },
  { route: 'GET /api/v1/supervision/inspections/:id', as: e, url: (f) => `/api/v1/supervision/inspections/${f.inspectionB.id}` },
  { route: 'GET /api/v1/supervision/inspections/:id', as: 'regulator2', url: (f) => `/api/v1/supervision/inspections/${f.inspectionB.id}` },
  {
    route: 'PATCH /api/v1/supervision/inspections/:id',
    as: 'inspector',
    url: (f) => `/api/v1/supervision/inspections/${f.inspectionB.id}`,
    body: { note: 'IDOR' },
  },
  {
    route: 'GET /api/v1/supervision/inspections/:id/instruments',
    as: 'inspector',
    url: (f) => `/api/v1/supervision/inspections/${f.inspectionB.id}/instruments`,
  },
  {
    route: 'POST /api/v1/supervision/inspections/:id/photos',
    as: 'inspector',
    url: (f) => `/api/v1/supervision/inspections/${f.inspectionB.id}/photos`,
    body: { fileName: 'x.png', dataBase64: pngOf().toString('base64') },
  },
  {
    route: 'POST /api/v1/supervision/inspections/:id/signatures',
    as: 'inspector',
    url: (f) => `/api/v1/supervision/inspections/${f.inspectionB.id}/signatures`,
    body: { role: 'representative', dataBase64: pngOf().toString('base64') },
  },
  {
    route: 'GET /api/v1/supervision/inspections/:id/files/:fileId',
    as: e,
    url: (f) => `/api/v1/supervision/inspections/${f.inspectionB.id}/files/${f.inspectionB.fileId}`,
  },
  {
    route: 'GET /api/v1/supervision/inspections/:id/files/:fileId',
    as: 'inspector',
    url: (f) => `/api/v1/supervision/inspections/${f.inspectionB.id}/files/${f.inspectionB.fileId}`,
  },
  {
    route: 'POST /api/v1/supervision/inspections/:id/finish',
    as: 'inspector',
    url: (f) => `/api/v1/supervision/inspections/${f.inspectionB.id}/finish`,
  },
  {
    route: 'POST /api/v1/supervision/inspections/:id/proposals/:proposalId',
    as: 'inspector',
    url: (f) => `/api/v1/supervision/inspections/${f.inspectionB.id}/proposals/${f.inspectionB.proposalId}`,
    body: { decision: 'dismiss' },
  },
  {
    route: 'POST /api/v1/supervision/inspections/:id/corrections',
    as: 'inspector',
    url: (f) => `/api/v1/supervision/inspections/${f.inspectionB.id}/corrections`,
    body: { reason: 'IDOR', note: 'IDOR' },
  },
  {
    route: 'GET /api/v1/supervision/inspections/:id/corrections',
    as: e,
    url: (f) => `/api/v1/supervision/inspections/${f.inspectionB.id}/corrections`,
  },
  // 现场检查笔录 and the result's disclosure (docs/SUPERVISION.md "Documents", "Disclosure of inspection results")
  {
    route: 'GET /api/v1/supervision/inspections/:id/record.pdf',
    as: e,
    url: (f) => `/api/v1/supervision/inspections/${f.inspectionB.id}/record.pdf`,
  },
  {
    route: 'GET /api/v1/supervision/inspections/:id/record.docx',
    as: 'inspector',
    url: (f) => `/api/v1/supervision/inspections/${f.inspectionB.id}/record.docx`,
  },
  {
    route: 'GET /api/v1/supervision/inspections/:id/disclosure',
    as: e,
    url: (f) => `/api/v1/supervision/inspections/${f.inspectionB.id}/disclosure`,
  },
  {
    route: 'POST /api/v1/supervision/inspections/:id/disclosure',
    as: 'inspector',
    url: (f) => `/api/v1/supervision/inspections/${f.inspectionB.id}/disclosure`,
  },
  {
    route: 'POST /api/v1/supervision/draws/:id/disclosure',
    as: 'regulator2',
    url: (f) => `/api/v1/supervision/draws/${f.drawCounty}/disclosure`,
  },
  {
    route: 'POST /api/v1/supervision/inspections/:id/rating',
    as: e,
    url: (f) => `/api/v1/supervision/inspections/${f.inspectionB.id}/rating`,
    body: { stars: 1 },
  },
  // campaigns (docs/CAMPAIGNS.md): another county's regulator, another participant, an office of other towns
  { route: 'GET /api/v1/campaigns/:id', as: 'regulator2', url: (f) => `/api/v1/campaigns/${f.campaign.id}` },
  { route: 'PATCH /api/v1/campaigns/:id', as: 'regulator2', url: (f) => `/api/v1/campaigns/${f.campaign.id}`, body: { name: 'IDOR' } },
  { route: 'GET /api/v1/campaigns/:id/participants', as: 'regulator2', url: (f) => `/api/v1/campaigns/${f.campaign.id}/participants` },
  {
    route: 'PUT /api/v1/campaigns/:id/participants',
    as: 'regulator2',
    url: (f) => `/api/v1/campaigns/${f.campaign.id}/participants`,
    body: { orgIds: [] },
  },
  {
    route: 'POST /api/v1/campaigns/:id/reminders',
    as: 'regulator2',
    url: (f) => `/api/v1/campaigns/${f.campaign.id}/reminders`,
    body: (f: Foreign) => ({ orgIds: [f.stationB] }),
  },
  {
    route: 'GET /api/v1/campaigns/:id/self-inspections/:orgId',
    as: e,
    url: (f) => `/api/v1/campaigns/${f.campaign.id}/self-inspections/${f.stationB}`,
  },
  {
    route: 'GET /api/v1/campaigns/:id/self-inspections/:orgId',
    as: 'inspector',
    url: (f) => `/api/v1/campaigns/${f.campaign.id}/self-inspections/${f.stationB}`,
  },
  {
    route: 'GET /api/v1/campaigns/:id/self-inspections/:orgId/files/:fileId',
    as: e,
    url: (f) => `/api/v1/campaigns/${f.campaign.id}/self-inspections/${f.stationB}/files/${f.campaign.fileB}`,
  },
  {
    route: 'GET /api/v1/campaigns/:id/self-inspections/:orgId/files/:fileId',
    as: 'inspector',
    url: (f) => `/api/v1/campaigns/${f.campaign.id}/self-inspections/${f.stationB}/files/${f.campaign.fileB}`,
  },
  { route: 'GET /api/v1/campaigns/:id/recheck-draw', as: 'regulator2', url: (f) => `/api/v1/campaigns/${f.campaign.id}/recheck-draw` },
  { route: 'POST /api/v1/campaigns/:id/recheck-draw', as: 'regulator2', url: (f) => `/api/v1/campaigns/${f.campaign.id}/recheck-draw` },
  {
    route: 'POST /api/v1/campaigns/:id/recheck-draw/run',
    as: 'regulator2',
    url: (f) => `/api/v1/campaigns/${f.campaign.id}/recheck-draw/run`,
  },
  // progress and final reports (docs/REPORTS-SUBMISSIONS.md): another county's regulator
  { route: 'GET /api/v1/report-submissions/:id', as: 'regulator2', url: (f) => `/api/v1/report-submissions/${f.campaign.report}` },
  {
    route: 'PATCH /api/v1/report-submissions/:id',
    as: 'regulator2',
    url: (f) => `/api/v1/report-submissions/${f.campaign.report}`,
    body: { sections: [{ key: 'basic', text: 'IDOR' }] },
  },
  {
    route: 'POST /api/v1/report-submissions/:id/decision',
    as: 'regulator2',
    url: (f) => `/api/v1/report-submissions/${f.campaign.report}/decision`,
    body: { decision: 'approve' },
  },
  {
    route: 'POST /api/v1/report-submissions/:id/correction',
    as: 'regulator2',
    url: (f) => `/api/v1/report-submissions/${f.campaign.report}/correction`,
    body: { reason: 'IDOR' },
  },
  {
    route: 'GET /api/v1/report-submissions/:id/document',
    as: 'regulator2',
    url: (f) => `/api/v1/report-submissions/${f.campaign.report}/document?format=pdf`,
  },
];

/** Routes with an id parameter whose resource belongs to no organization, or that the matrix covers as such. */
const NO_OWNER: Record<string, string> = {
  'GET /api/v1/public/instruments/:code': 'public lookup by design: shows no location or personal data',
  'GET /p/:code': 'public lookup page by design',
  'PATCH /api/v1/rules/:id': 'rule catalog: platform data, admin only (matrix)',
  'PATCH /api/v1/rule-settings/:key': 'platform settings, admin only (matrix)',
  'PUT /api/v1/verification/calendar/:date': 'working-day calendar: platform data (matrix)',
  'GET /api/v1/verification/standards/:id/trace':
    'traceability of a standard is readable by every role that reads verification data (matrix)',
  'POST /api/v1/applications/:id/results/import': 'same owner check as POST …/results, which is covered',
  'GET /api/v1/public/disclosures/:id': 'public disclosure by design: only what the law publishes, within its period',
  'GET /api/v1/public/disclosures/:id/document.pdf': 'public disclosure by design (the published fields only)',
  'GET /api/v1/public/draws/:id': 'published draw record, public by design (docs/SUPERVISION.md, Publication)',
  'GET /api/v1/campaigns/:id/self-inspection': 'the caller’s own report: no organization id in the URL (test/campaigns)',
  'PUT /api/v1/campaigns/:id/self-inspection': 'the caller’s own report: no organization id in the URL (test/campaigns)',
  'POST /api/v1/campaigns/:id/self-inspection/submit': 'the caller’s own report: no organization id in the URL (test/campaigns)',
  'POST /api/v1/campaigns/:id/self-inspection/correction': 'the caller’s own report: no organization id in the URL (test/campaigns)',
  'POST /api/v1/campaigns/:id/self-inspection/files': 'the caller’s own report: no organization id in the URL (test/campaigns)',
  'POST /api/v1/rotation/orders/:id/rotate':
    'orders are issued by the bureau; the enterprise of the order is the only other party (matrix)',
};

describe('IDOR: ids of another organization’s resources', () => {
  const t = useTestApp();
  let f: Foreign;
  let institution2: TestUser;
  let regulator2: TestUser;
  beforeAll(async () => {
    const { ctx, world: w } = t;
    await buildAuthorization(ctx, w.institution.id, { categories: ['fuel_dispenser'] });
    const b = await buildInstrument(ctx, { ...DUE_SOON_DISPENSER, orgId: w.stationB.id, siteId: w.siteB, adminDivisionCode: '150626102' });
    const app = await createApplication(ctx, await actorFor(ctx, w.users.enterpriseB), {
      institutionId: w.institution.id,
      instrumentIds: [b.id],
      mode: 'bring_in',
      preferredDate: '2024-10-20',
      contact: { name: 'c', phone: '13900000000' },
    });
    const upload = await t
      .as(w.users.enterpriseB)
      .upload(
        `/api/v1/ledger/imports?orgId=${w.stationB.id}&wait=1`,
        'b.csv',
        Buffer.from(csvText(['器具名称,出厂编号,型号规格,安装地址', '燃油加油机,,CS46,二号岛', '燃油加油机,IDOR-B1,CS46,一号岛'])),
      );
    expect(upload.statusCode, upload.body).toBe(200);
    const token = await t.as(w.users.enterpriseB).post('/api/v1/auth/tokens', { name: 'b' });
    expect(token.statusCode, token.body).toBe(200);
    const sessions = await t.as(w.users.enterpriseB).get('/api/v1/auth/sessions');
    expect(sessions.statusCode, sessions.body).toBe(200);
    const inst2 = await buildOrg(ctx, { kind: 'institution', regionCode: '150626100' });
    institution2 = await buildUser(ctx, { role: 'institution', orgId: inst2.id });
    const enforcementOfB = async () => {
      const { orderA, caseA } = await buildEnforcement(ctx, w.stationB.id);
      const file = await t.as(w.users.enterpriseB).upload(`/api/v1/supervision/orders/${orderA}/files`, 'b.png', IDOR_PNG);
      expect(file.statusCode, file.body).toBe(201);
      return { orderB: orderA, fileB: file.json().id as number, caseB: caseA };
    };
    const bureau2 = await buildOrg(ctx, { kind: 'bureau', regionCode: '150627' });
    regulator2 = await buildUser(ctx, { role: 'regulator', orgId: bureau2.id });
    const sup = await buildSupervision(ctx, w);
    const campaignWithFileOfB = async () => {
      const c = await t.as('regulator').post('/api/v1/campaigns', { year: 2024, regionCode: '150626' });
      expect(c.statusCode, c.body).toBe(201);
      const id = c.json().id as number;
      const b = t.as(w.users.enterpriseB);
      const saved = await b.put(`/api/v1/campaigns/${id}/self-inspection`, {
        form: (await b.get(`/api/v1/campaigns/${id}/self-inspection`)).json().form,
      });
      expect(saved.statusCode, saved.body).toBe(200);
      const file = await b.upload(`/api/v1/campaigns/${id}/self-inspection/files`, 'b.png', IDOR_PNG);
      expect(file.statusCode, file.body).toBe(201);
      const report = await t.as('regulator').post('/api/v1/report-submissions', { campaignId: id, day: '2024-06-14' });
      expect(report.statusCode, report.body).toBe(201);
      return { id, fileB: file.json().id as number, report: report.json().id as number };
    };
    f = {
      instrumentB: b.id,
      siteB: w.siteB,
      stationB: w.stationB.id,
      applicationB: app.id,
      importB: upload.json().id,
      tokenB: token.json().id,
      sessionB: (sessions.json() as { id: string; current: boolean }[]).find((x) => x.current)?.id as string,
      userB: w.users.enterpriseB.id,
      authorization2: await buildAuthorization(ctx, inst2.id, { categories: ['water_meter'] }),
      standard2: await buildStandard(ctx, inst2.id),
      verifier2: await buildVerifier(ctx, inst2.id),
      ...(await enforcementOfB()),
      targetB: sup.targetOf(w.stationB.creditCode),
      stationBCode: w.stationB.creditCode,
      inspectorB: sup.inspectors.office2[0] as number,
      drawCounty: sup.drawId,
      inspectionB: await buildFinishedInspectionB(ctx, w, sup),
      campaign: await campaignWithFileOfB(),
    };
  });

  it('every route with an id parameter has a case or a reason it has no owner', () => {
    const withId = [...new Set(t.routes)].filter((r) => r.includes('/:'));
    const covered = new Set([...CASES.map((c) => c.route), ...Object.keys(NO_OWNER)]);
    expect(withId.filter((r) => !covered.has(r))).toEqual([]);
    expect([...covered].filter((r) => !withId.includes(r))).toEqual([]);
  });

  for (const c of CASES) {
    it(`${String(c.as)} → ${c.route} with another organization's id → refused`, async () => {
      const who = c.as === 'institution2' ? institution2 : c.as === 'regulator2' ? regulator2 : c.as;
      const [method] = c.route.split(' ') as [Method];
      const body = typeof c.body === 'function' ? (c.body as (x: Foreign) => unknown)(f) : c.body;
      const res = c.file ? await t.as(who).upload(c.url(f), 'idor.png', IDOR_PNG) : await t.as(who).send(method, c.url(f), body);
      expect(res.statusCode, res.body.slice(0, 300)).toBeGreaterThanOrEqual(400);
      expect([403, 404], res.body.slice(0, 300)).toContain(res.statusCode);
      expect(res.body).not.toContain('IDOR-B1');
      expect(res.body).not.toContain('二号岛');
    });
  }

  it('nothing of the other organization changed, its token still works', async () => {
    const { world: w } = t;
    const inst = await t.as(w.users.enterpriseB).get(`/api/v1/instruments/${f.instrumentB}`);
    expect(inst.json().model).toBe('M1');
    expect(inst.json().ledgerState).not.toBe('suspended');
    const site = await t.as(w.users.enterpriseB).get(`/api/v1/sites/${f.siteB}`);
    expect(site.json().address).not.toBe('IDOR');
    const sessions = await t.as(w.users.enterpriseB).get('/api/v1/auth/sessions');
    expect(sessions.statusCode).toBe(200);
    expect(sessions.json().map((x: { id: string }) => x.id)).toContain(f.sessionB);
    const tokens = await t.as(w.users.enterpriseB).get('/api/v1/auth/tokens');
    expect(tokens.json().map((x: { id: number }) => x.id)).toContain(f.tokenB);
    const job = await t.as(w.users.enterpriseB).get(`/api/v1/ledger/imports/${f.importB}`);
    expect(job.json().state).toBe('previewed');
    expect(job.json().fileKept).toBe(true);
    const app = await t.as(w.users.enterpriseB).get(`/api/v1/applications/${f.applicationB}`);
    expect(app.json().status).toBe('submitted');
    const order = await t.as(w.users.enterpriseB).get(`/api/v1/supervision/orders/${f.orderB}`);
    expect(order.json()).toMatchObject({ state: 'issued', files: [{ id: f.fileB }] });
    const c = await t.as(w.users.enterpriseB).get(`/api/v1/supervision/cases/${f.caseB}`);
    expect(c.json()).toMatchObject({ stage: 'decided', decision: { outcome: 'penalty', fine: 500 } });
    const ins = await t.as('regulator').get(`/api/v1/supervision/inspectors/${f.inspectorB}`);
    expect(ins.json()).toMatchObject({ active: true, conflicts: [] });
    const target = await t.as('regulator').get(`/api/v1/supervision/targets/${f.targetB}`);
    expect(target.json().lastInspectionDate).toBeNull();
    expect((await t.as('regulator').get(`/api/v1/supervision/draws/${f.drawCounty}`)).json().state).toBe('committed');
    const insp = (await t.as('regulator').get(`/api/v1/supervision/inspections/${f.inspectionB.id}`)).json();
    expect(insp).toMatchObject({ note: null, rating: null, corrections: [] });
    expect(insp.proposals.map((p: { state: string }) => p.state)).toEqual(['proposed']);
    expect((await t.as('regulator').get(`/api/v1/campaigns/${f.campaign.id}`)).json().name).not.toBe('IDOR');
    expect((await t.as('regulator').get(`/api/v1/campaigns/${f.campaign.id}/recheck-draw`)).statusCode).toBe(404);
    const b = (await t.as(w.users.enterpriseB).get(`/api/v1/campaigns/${f.campaign.id}/self-inspection`)).json();
    expect(b).toMatchObject({ state: 'draft', reminders: [] });
  });
});
