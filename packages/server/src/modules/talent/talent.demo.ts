import { addDays } from '@qiangjian/shared';
import {
  CATEGORY_SPECIALTY,
  DEMO_INSPECTOR_SPECIALTIES,
  DEMO_METROLOGISTS,
  DEMO_RECOMMENDATION_REASONS,
  DEMO_TALENT_CERTIFICATES,
} from '@qiangjian/shared/data';
import { type Actor, regionPrefix } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { today } from '../../context.js';
import type { DemoWorld } from '../demo/demo-world.js';
import { verifierRecords } from '../verification/institutions/oversight.service.js';
import { addCertificate, createMetrologist, listPeople, recommend, updateProfile } from './talent.service.js';

/**
 * Demo layer of the talent pool (docs/TALENT.md): the enterprise metrologists of data/talent.ts, specialties for every
 * verifier (from its categories) and inspector, a few marked people, further certificates (one valid, one expiring, one
 * expired) and three recommendations to the city bureau — a verifier, an inspector and a metrologist.
 */
export async function talentDemo(ctx: AppContext, actor: Actor, world: DemoWorld): Promise<void> {
  const metrologists: string[] = [];
  for (const m of DEMO_METROLOGISTS) {
    const org = world.orgs.find((o) => o.key === m.orgKey);
    if (!org) continue;
    const p = await createMetrologist(ctx, actor, { orgId: org.id, name: m.name, title: m.title });
    await updateProfile(ctx, actor, p.key, { specialties: [...m.specialties], marked: false, note: null });
    metrologists.push(p.key);
  }
  const categories = new Map((await verifierRecords(ctx)).map((v) => [`verifier-${v.id}`, v.categories]));
  // the county's own people first (the city's institution lies outside the county regulator's region), the busiest first
  const bureau = world.orgs.find((o) => o.id === world.bureauId);
  const prefix = bureau ? regionPrefix(bureau.regionCode) : '';
  const inCounty = (orgId: number) => world.orgs.find((o) => o.id === orgId)?.regionCode.startsWith(prefix) ?? false;
  const pool = (await listPeople(ctx, actor, { page: 1, pageSize: 500 })).items.sort(
    (a, b) =>
      Number(inCounty(b.orgId)) - Number(inCounty(a.orgId)) ||
      b.activity.verifications + b.activity.inspections - (a.activity.verifications + a.activity.inspections),
  );
  const verifiers = pool.filter((p) => p.source === 'verifier').map((p) => p.key);
  const inspectors = pool.filter((p) => p.source === 'inspector').map((p) => p.key);
  for (const [i, key] of verifiers.entries()) {
    const specialties = [...new Set((categories.get(key) ?? []).map((c) => CATEGORY_SPECIALTY[c]).filter((s): s is string => !!s))];
    await updateProfile(ctx, actor, key, { specialties, marked: i === 0, note: null });
  }
  for (const [i, key] of inspectors.entries())
    await updateProfile(ctx, actor, key, { specialties: [...DEMO_INSPECTOR_SPECIALTIES], marked: i === 0, note: null });

  const day = today(ctx);
  const holders = [verifiers[0], inspectors[0], metrologists[0]].filter((k): k is string => !!k);
  for (const [i, c] of DEMO_TALENT_CERTIFICATES.entries()) {
    const key = holders[i % holders.length];
    if (!key) break;
    await addCertificate(ctx, actor, key, {
      name: c.name,
      certNo: `JLRC-${day.slice(0, 4)}-${String(101 + i)}`,
      issuer: c.issuer,
      validUntil: addDays(day, c.validDays),
    });
  }
  for (const [i, key] of holders.entries()) {
    const reason = DEMO_RECOMMENDATION_REASONS[i];
    if (reason) await recommend(ctx, actor, key, reason);
  }
}
