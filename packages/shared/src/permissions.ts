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
  'dashboard.read',
  'token.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_COMMON: Permission[] = ['region.read', 'rule.read', 'token.manage'];

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
    'dashboard.read',
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
    'dashboard.read',
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
    'dashboard.read',
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
