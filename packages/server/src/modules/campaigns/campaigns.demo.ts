import type { OrgKind, Role, TSelfInspectionForm } from '@qiangjian/shared';
import type { Actor } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { today } from '../../context.js';
import { fixedClock } from '../../time.js';
import type { DemoWorld } from '../demo/demo-world.js';
import { createCampaign } from './campaigns.service.js';
import { myReport, saveDraft, submitReport } from './self-inspection/self-inspection.service.js';

/**
 * Demo layer of campaigns (docs/CAMPAIGNS.md): this year's campaign in the demo county from the notice's template, with
 * its default participants; the water and power utilities and the second station submitted on time (the power
 * utility reports fewer overdue meters than its records: a gap), the gas utility submitted late (when seeded after
 * 07-05; nothing is dated after the day of seeding), the third station left a draft, and the others — the first station (the `station` login) among them — have not started.
 */
export async function campaignsDemo(ctx: AppContext, actor: Actor, world: DemoWorld): Promise<void> {
  const year = Number(today(ctx).slice(0, 4));
  const bureau = world.orgs.find((o) => o.id === world.bureauId);
  if (!bureau) return;
  const campaign = await createCampaign(ctx, actor, { year, regionCode: bureau.regionCode.slice(0, 6) });
  const loginOf = (orgId: number) => {
    const org = world.orgs.find((o) => o.id === orgId);
    return world.logins.find((l) => l.org === org?.name)?.username ?? 'demo';
  };
  const participant = (key: string): Actor | null => {
    const org = world.orgs.find((o) => o.key === key);
    if (!org) return null;
    const role: Role = org.kind === 'institution' ? 'institution' : 'enterprise';
    return {
      kind: 'user',
      userId: null,
      username: loginOf(org.id),
      role,
      orgId: org.id,
      orgKind: org.kind as OrgKind,
      regionCode: org.regionCode,
      townCodes: [],
      via: 'system',
    };
  };
  // never dated after today: seeded before a date, the demo acts today instead (and the late example waits for a
  // seeding after 07-05)
  const day0 = today(ctx);
  const on = (day: string): AppContext => (day < day0 ? { ...ctx, clock: fixedClock(`${day}T02:00:00.000Z`) } : ctx);
  const fill = async (key: string, day: string, o: { submit: boolean; edit?: (f: TSelfInspectionForm) => TSelfInspectionForm }) => {
    const a = participant(key);
    if (!a) return;
    const at = on(day);
    const prefilled = (await myReport(at, a, campaign.id)).form;
    await saveDraft(at, a, campaign.id, o.edit ? o.edit(prefilled) : prefilled);
    if (o.submit) await submitReport(at, a, campaign.id);
  };
  const due = campaign.selfInspectionDue;
  const before = `${year}-06-28`;
  const after = `${year}-07-05`;
  await fill('water', before, { submit: true });
  await fill('power', before, {
    submit: true,
    edit: (f) => (f.kind === 'institution' ? f : { ...f, overdueCount: Math.max(0, f.overdueCount - 3) }),
  });
  await fill('station_2', before, { submit: true });
  await fill('inst_county', due, { submit: true });
  if (after < day0) await fill('gas', after, { submit: true });
  await fill('station_3', before, { submit: false });
}
