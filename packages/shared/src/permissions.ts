import type { Role } from './enums.js';

/** Permission catalog: `resource.action`. Checked in services (API, CLI and UI share the check). */
export const PERMISSIONS = [
  'org.read',
  'org.create',
  'org.update',
  'org.delete',
  'site.read',
  'site.write',
  'user.read',
  'user.manage',
  'region.read',
  'audit.read',
  'audit.verify',
  'rule.read',
  'rule.update',
  'settings.update',
  'instrument.read',
  'instrument.write',
  'instrument.import',
  'instrument.export',
  'status.read',
  'status.refresh',
  'application.read',
  'application.create',
  'application.process',
  'application.result',
  'institution_data.read',
  'institution_data.write',
  'rotation.read',
  'rotation.order',
  'finding.read',
  /** findings against the actor's own organization only (an enterprise, an institution) */
  'finding.read_own',
  /** rectification orders (责令改正) in scope */
  'order.read',
  /** rectification orders addressed to the actor's own organization */
  'order.read_own',
  'order.issue',
  'order.reply',
  'order.review',
  /** administrative penalty cases in scope */
  'case.read',
  /** the decided cases of the actor's own organization (the decision only) */
  'case.read_own',
  'case.write',
  'dashboard.read',
  'token.manage',
  // supervision registers and draws (docs/SUPERVISION.md)
  'supervision_register.read',
  'supervision_register.manage',
  'draw.read',
  'draw.manage',
  // inspections and sample tests (docs/SUPERVISION.md, Inspections)
  'inspection.read',
  /** inspections of the actor's own organization (the inspected party), and rating them */
  'inspection.read_own',
  'inspection.write',
  'sample_test.read',
  'sample_test.write',
  /** campaign statistics: Attachments 2 and 3, KPIs and their drill-downs (docs/REPORTS.md) */
  'report.read',
  /** progress and final reports (docs/REPORTS-SUBMISSIONS.md): draft, edit and act on an approval step */
  'report.draft',
  // campaigns and self-inspection (docs/CAMPAIGNS.md)
  /** the campaigns the actor takes part in or oversees, and the current one */
  'campaign.read',
  /** create and edit campaigns, their participants, reminders and the re-check draw */
  'campaign.manage',
  /** the participants' self-inspection reports in scope */
  'self_inspection.read',
  /** fill and submit the actor's own organization's self-inspection */
  'self_inspection.submit',
  // public portal and talent pool (docs/PORTAL.md, docs/TALENT.md)
  /** write, preview and publish the portal's notices and articles */
  'article.manage',
  /** the talent pool in scope (an institution: its own verifiers) */
  'talent.read',
  /** mark people, edit specialties and certificates, add enterprise metrologists, recommend to the city bureau */
  'talent.manage',
  /** the recommendation list as XLSX / PDF */
  'talent.export',
  // notifications (docs/NOTIFICATIONS.md)
  /** the actor's own inbox and preferences (every role) */
  'notification.read',
  /** the e-mail queue: list, send a failed e-mail again */
  'notification.manage',
  // complaints and reports (docs/COMPLAINTS.md)
  /** complaints in scope (personal data masked) and their statistics */
  'complaint.read',
  /** accept/refuse, assign, notes, mediation, arbitration, case decision, reply */
  'complaint.handle',
  /** the full name and phone of a complaint (an audited view; an office inspector only as its handler) */
  'complaint.personal',
  /** complaints about the actor's own organization, without personal data, and replying with its own handling */
  'complaint.read_own',
  /** the utility's per-period self-report of complaints handled and meters replaced (Attachment 2 #21–22) */
  'complaint_self_report.submit',
  /** the working-day calendar: holidays and make-up working days (the bureau: admin and regulator) */
  'calendar.update',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_COMMON: Permission[] = ['region.read', 'rule.read', 'token.manage', 'notification.read'];

/** Role → permissions. Data scope (which rows) is applied separately in services. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  regulator: [
    ...READ_COMMON,
    'org.read',
    'org.create',
    'org.update',
    'site.read',
    'site.write',
    'user.read',
    'audit.read',
    'instrument.read',
    'instrument.export',
    'status.read',
    'status.refresh',
    'application.read',
    'institution_data.read',
    'rotation.read',
    'rotation.order',
    'finding.read',
    'order.read',
    'order.issue',
    'order.review',
    'case.read',
    'case.write',
    'dashboard.read',
    'supervision_register.read',
    'supervision_register.manage',
    'draw.read',
    'draw.manage',
    'inspection.read',
    'inspection.write',
    'sample_test.read',
    'report.read',
    'report.draft',
    'campaign.read',
    'campaign.manage',
    'self_inspection.read',
    'article.manage',
    'talent.read',
    'talent.manage',
    'talent.export',
    'complaint.read',
    'complaint.handle',
    'complaint.personal',
    'calendar.update',
  ],
  inspector: [
    ...READ_COMMON,
    'org.read',
    'site.read',
    'instrument.read',
    'instrument.export',
    'status.read',
    'application.read',
    'institution_data.read',
    'rotation.read',
    'finding.read',
    'order.read',
    'order.issue',
    'order.review',
    'case.read',
    'dashboard.read',
    'supervision_register.read',
    'draw.read',
    'inspection.read',
    'inspection.write',
    'sample_test.read',
    'report.read',
    'campaign.read',
    'self_inspection.read',
    'complaint.read',
    'complaint.handle',
    'complaint.personal',
  ],
  enterprise: [
    ...READ_COMMON,
    'org.read',
    'site.read',
    'site.write',
    'instrument.read',
    'instrument.write',
    'instrument.import',
    'instrument.export',
    'status.read',
    'application.read',
    'application.create',
    'rotation.read',
    'finding.read_own',
    'order.read_own',
    'order.reply',
    'case.read_own',
    'inspection.read_own',
    'sample_test.read',
    'campaign.read',
    'self_inspection.submit',
    'complaint.read_own',
    'complaint_self_report.submit',
  ],
  institution: [
    ...READ_COMMON,
    'org.read',
    'site.read',
    'instrument.read',
    'status.read',
    'application.read',
    'application.process',
    'application.result',
    'institution_data.read',
    'institution_data.write',
    'finding.read_own',
    'order.read_own',
    'order.reply',
    'case.read_own',
    'sample_test.read',
    'sample_test.write',
    'campaign.read',
    'self_inspection.submit',
    'talent.read',
  ],
  viewer: [
    ...READ_COMMON,
    'org.read',
    'site.read',
    'instrument.read',
    'instrument.export',
    'status.read',
    'application.read',
    'institution_data.read',
    'rotation.read',
    'finding.read',
    'order.read',
    'case.read',
    'dashboard.read',
    'supervision_register.read',
    'draw.read',
    'inspection.read',
    'sample_test.read',
    'report.read',
    'campaign.read',
    'self_inspection.read',
    'talent.read',
    'talent.export',
    'complaint.read',
  ],
};

export function roleHas(role: Role | 'system', permission: Permission): boolean {
  if (role === 'system') return true;
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Which organization kinds a role may belong to. */
export const ROLE_ORG_KINDS: Record<Role, readonly string[]> = {
  admin: ['bureau'],
  regulator: ['bureau'],
  viewer: ['bureau'],
  inspector: ['office', 'bureau'],
  enterprise: ['water_supply', 'power_supply', 'gas_supply', 'gas_station'],
  institution: ['institution'],
};
