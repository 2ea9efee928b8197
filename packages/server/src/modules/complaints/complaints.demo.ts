import { addDays, type OrgKind } from '@qiangjian/shared';
import { DEMO_COMPLAINTS, DEMO_MEDIATION, DEMO_UTILITY_COMPLAINT_REPORTS } from '@qiangjian/shared/data';
import type { Actor } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { today } from '../../context.js';
import { fixedClock } from '../../time.js';
import type { DemoWorld } from '../demo/demo-world.js';
import * as repo from './complaints.repository.js';
import { addSession, decide, decideCase, pause, reply } from './complaints.service.js';
import { fileComplaint, issueChallenge } from './intake.service.js';
import { submitSelfReport } from './self-report.service.js';

/**
 * Demo layer (docs/COMPLAINTS.md "Demo"): the campaign period's complaints of docs/domain/forms.md §8 — 14 accepted by
 * the bureau (water 6, electricity 3, gas 3, dispensers 2) in every stage (accepted, paused, mediating, agreement, no
 * agreement, replied, a 举报 decided without a case), one still to be accepted, one refused — filed through the public
 * intake on their days (the 130 days up to today, as the reports' demo period) and handled through the services; and
 * the utilities' self-reports (120 handled, 60 replaced).
 */
export async function complaintsDemo(ctx: AppContext, actor: Actor, world: DemoWorld): Promise<void> {
  const day0 = today(ctx);
  const at = (day: string, hour = 2): AppContext => ({ ...ctx, clock: fixedClock(`${day}T${String(hour).padStart(2, '0')}:00:00.000Z`) });
  const used = new Map<string, number>();
  let n = 0;
  for (const d of DEMO_COMPLAINTS) {
    n++;
    const org = d.org ? world.orgs.find((o) => o.key === d.org) : undefined;
    let instrumentCode: string | undefined;
    if (org && d.category) {
      const k = `${org.id}|${d.category}`;
      const i = used.get(k) ?? 0;
      instrumentCode = (await repo.instrumentCodesOf(ctx.db, org.id, d.category, i + 1))[i];
      used.set(k, i + 1);
    }
    const day = addDays(day0, -d.daysBack);
    const c0 = at(day);
    const ch = await issueChallenge(c0);
    const r = await fileComplaint(
      c0,
      {
        challengeToken: ch.token,
        challengeAnswer: ch.a + ch.b,
        type: d.type,
        subject: d.subject,
        instrumentCode,
        orgName: instrumentCode ? undefined : org?.name,
        description: d.description,
        occurredOn: addDays(day, -1),
        amountYuan: d.amountYuan,
        name: d.name,
        phone: d.phone,
      },
      [],
      { ip: `192.0.2.${n}` },
    );
    const row = await repo.complaintByCode(ctx.db, r.trackingCode);
    if (!row) continue;
    const id = Number(row.id);
    if (d.plan === 'received') continue;
    const next = (k: number) => (d.daysBack - k > 0 ? at(addDays(day0, -(d.daysBack - k))) : ctx);
    if (d.plan === 'refused') {
      await decide(next(2), actor, id, { accept: false, reason: d.refusal ?? '' });
      continue;
    }
    await decide(next(2), actor, id, { accept: true });
    if (d.plan === 'paused') await pause(next(3), actor, id, d.pause ?? '');
    if (d.plan === 'mediating' || d.plan === 'agreement' || d.plan === 'no_agreement') {
      await addSession(next(5), actor, id, {
        heldOn: addDays(day, 5),
        parties: [...DEMO_MEDIATION.parties],
        summary: DEMO_MEDIATION.first,
        outcome: 'continue',
      });
      if (d.plan !== 'mediating')
        await addSession(next(12), actor, id, {
          heldOn: addDays(day, 12),
          parties: [...DEMO_MEDIATION.parties],
          summary: d.plan === 'agreement' ? DEMO_MEDIATION.agreement : DEMO_MEDIATION.noAgreement,
          outcome: d.plan,
        });
    }
    if (d.plan === 'no_case') await decideCase(next(10), actor, id, { decision: 'no_case', note: DEMO_MEDIATION.noCaseNote });
    if (d.reply) await reply(next(14), actor, id, d.reply);
  }
  // the utilities' self-reports over the campaign period
  for (const s of DEMO_UTILITY_COMPLAINT_REPORTS) {
    const org = world.orgs.find((o) => o.key === s.org);
    if (!org) continue;
    const utility: Actor = {
      kind: 'user',
      userId: null,
      username: world.logins.find((l) => l.org === org.name)?.username ?? 'demo',
      role: 'enterprise',
      orgId: org.id,
      orgKind: org.kind as OrgKind,
      regionCode: org.regionCode,
      townCodes: [],
      via: 'system',
    };
    await submitSelfReport(ctx, utility, {
      periodStart: addDays(day0, -130),
      periodEnd: day0,
      meterType: s.meterType,
      handled: s.handled,
      metersReplaced: s.metersReplaced,
    });
  }
}
