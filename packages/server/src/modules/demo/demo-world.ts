import type { Role } from '@qiangjian/shared';
import type { DemoOrg } from '@qiangjian/shared/data';

/** What `demo seed` built before the module demo layers run: they read it, and add logins to it. */

export interface DemoOrgRef {
  id: number;
  key: string;
  kind: DemoOrg['kind'];
  name: string;
  regionCode: string;
}

export interface DemoWorld {
  bureauId: number;
  orgs: DemoOrgRef[];
  sites: { id: number; orgId: number; townCode: string; kind: string; name: string }[];
  logins: { role: Role; username: string; org: string }[];
  /** Share of the full-scale civil-meter counts (docs/domain/forms.md §8) the ledger layer generates (1 = full). */
  meterScale?: number;
}
