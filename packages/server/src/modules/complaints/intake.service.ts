import { addDays, type TComplaintIntake, type TPublicComplaintStatus, t, ZComplaintIntake } from '@qiangjian/shared';
import { recordAudit } from '../../audit/audit.service.js';
import { type Actor, SYSTEM_ACTOR } from '../../auth/actor.js';
import type { AppContext } from '../../context.js';
import { nowIso } from '../../context.js';
import { AppError } from '../../errors.js';
import type { UploadedFile } from '../../http/upload.js';
import { loadCalendar } from '../verification/calendar/settings.service.js';
import * as repo from './complaints.repository.js';
import { clocksOf, deadlineOf, nextDeadline, normalizePhone, stripHtml } from './complaints.rules.js';
import {
  addressHash,
  checkChallenge,
  encrypt,
  newChallenge,
  newTrackingCode,
  normalizeTrackingCode,
  phoneHash,
  piiKeys,
} from './personal-data.js';
import { getComplaintSettings } from './settings.service.js';

/**
 * The public door (docs/COMPLAINTS.md "Public intake"): the arithmetic challenge, filing a complaint or report
 * (validated field by field, HTML stripped, attachments checked by content, rate-limited by address and phone,
 * duplicates linked) and the status by tracking code (no personal data, never internal notes; wrong codes throttled).
 */

/** The actor public filings are audited under. */
export const PUBLIC_ACTOR: Actor = Object.freeze({ ...SYSTEM_ACTOR, username: 'public' });

const HOUR_MS = 3_600_000;

export async function issueChallenge(ctx: AppContext) {
  const s = await getComplaintSettings(ctx.db);
  return newChallenge(piiKeys(ctx.config), ctx.clock.now().getTime(), s.challengeTtlSeconds);
}

function fieldError(field: string): AppError {
  return new AppError('complaint_field_invalid', {
    params: { field: t(`complaints.field.${field}`) },
    details: { field },
  });
}

/** The form's raw values (JSON body, or multipart fields) checked field by field; the first bad field is named. */
export function parseIntake(raw: unknown): TComplaintIntake {
  const cleaned: Record<string, unknown> = {};
  if (raw && typeof raw === 'object')
    for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
      if (v === '' || v === null) continue;
      if (k === 'phone' && typeof v === 'string') cleaned[k] = v.replace(/[\s-]/g, '');
      else cleaned[k] = typeof v === 'string' && ['description', 'orgName', 'name'].includes(k) ? stripHtml(v) : v;
    }
  const r = ZComplaintIntake.safeParse(cleaned);
  if (!r.success) throw fieldError(String(r.error.issues[0]?.path[0] ?? 'form'));
  const v = r.data;
  if (!v.anonymous && !v.phone) throw fieldError('phone');
  if (v.type === 'complaint' && v.anonymous) throw fieldError('anonymous');
  return v;
}

export interface IntakeMeta {
  ip: string;
}

/** Files a complaint: 201 { trackingCode, receivedAt, decisionDeadline }. */
export async function fileComplaint(ctx: AppContext, raw: unknown, files: readonly UploadedFile[], meta: IntakeMeta) {
  const input = parseIntake(raw);
  const keys = piiKeys(ctx.config);
  const s = await getComplaintSettings(ctx.db);
  if (files.length > s.attachmentMaxCount)
    throw new AppError('complaint_too_many_files', { params: { max: s.attachmentMaxCount }, details: { field: 'attachments' } });
  const now = ctx.clock.now();
  const at = nowIso(ctx);
  const ipKey = addressHash(keys, meta.ip);
  const phone = input.anonymous ? null : (input.phone ?? null);
  const pHash = phone ? phoneHash(keys, normalizePhone(phone)) : null;
  const cal = await loadCalendar(ctx.db);

  return ctx.db.transaction().execute(async (trx) => {
    // the challenge first: a refused challenge costs the sender nothing of its quota
    const ch = checkChallenge(keys, input.challengeToken, input.challengeAnswer, now.getTime());
    if (!ch) throw new AppError('complaint_challenge_invalid', { details: { field: 'challengeAnswer' } });
    if ((await repo.throttleCount(trx, 'submit_ip', ipKey, new Date(now.getTime() - HOUR_MS).toISOString())) >= s.perIpPerHour)
      throw new AppError('complaint_rate_limited', { details: { by: 'address' } });
    if (
      pHash &&
      (await repo.throttleCount(trx, 'submit_phone', pHash, new Date(now.getTime() - 24 * HOUR_MS).toISOString())) >= s.perPhonePerDay
    )
      throw new AppError('complaint_rate_limited', { details: { by: 'phone' } });
    if (!(await repo.spendNonce(trx, ch.nonce, ch.expiresAt)))
      throw new AppError('complaint_challenge_invalid', { details: { field: 'challengeAnswer' } });

    // what the complaint names: the instrument (by its public code), else an organization by name, else a town
    let orgId: number | null = null;
    let siteId: number | null = null;
    let instrumentId: number | null = null;
    let town: string | null = input.townCode ?? null;
    let region: string | null = null;
    if (input.instrumentCode) {
      const ins = await repo.instrumentByPublicCode(trx, input.instrumentCode);
      if (!ins) throw fieldError('instrumentCode');
      instrumentId = Number(ins.id);
      orgId = Number(ins.org_id);
      siteId = ins.site_id === null ? null : Number(ins.site_id);
      town = ins.town_code ?? (ins.admin_division_code?.length === 9 ? ins.admin_division_code : null) ?? town;
      region = ins.region_code;
    } else if (input.orgName) {
      const o = await repo.orgByName(trx, input.orgName);
      if (o) {
        orgId = Number(o.id);
        region = o.region_code;
        if (!town && o.region_code.length === 9) town = o.region_code;
      }
    }
    if (town && !region) region = town.slice(0, 6);
    const officeId = town ? await repo.officeOfTown(trx, town) : null;

    let duplicateOf: number | null = null;
    if (pHash && instrumentId !== null) {
      const since = new Date(now.getTime() - s.duplicateWindowDays * 24 * HOUR_MS).toISOString();
      const orig = await repo.findOriginal(trx, pHash, instrumentId, since);
      if (orig) duplicateOf = orig.duplicate_of === null ? Number(orig.id) : Number(orig.duplicate_of);
    }
    const trackingCode = newTrackingCode();
    const decisionDeadline = deadlineOf(cal, at, s.acceptWorkingDays, 0, ctx.config.timeZone);
    const row: repo.NewComplaint = {
      tracking_code: trackingCode,
      type: input.type,
      subject: input.subject,
      stage: 'received',
      org_id: orgId,
      org_name_given: input.orgName ?? null,
      site_id: siteId,
      instrument_id: instrumentId,
      town_code: town,
      region_code: region,
      office_id: officeId,
      handler_user_id: null,
      description: input.description,
      occurred_on: input.occurredOn ?? null,
      amount_fen: input.amountYuan === undefined ? null : Math.round(input.amountYuan * 100),
      anonymous: input.anonymous ? 1 : 0,
      name_enc: !input.anonymous && input.name ? encrypt(keys, input.name) : null,
      phone_enc: phone ? encrypt(keys, phone) : null,
      phone_hash: pHash,
      received_at: at,
      decision_deadline: decisionDeadline,
      decided_at: null,
      refusal_reason: null,
      accepted_at: null,
      paused_at: null,
      pause_reason: null,
      paused_working_days: 0,
      case_decision: null,
      case_decided_at: null,
      case_extended: 0,
      linked_case_id: null,
      linked_assignment_id: null,
      mediation_result: null,
      mediation_ended_at: null,
      closed_at: null,
      satisfaction: null,
      duplicate_of: duplicateOf,
      next_deadline: null,
      created_at: at,
      updated_at: at,
    };
    row.next_deadline = nextDeadline(clocksOf(cal, row, s, ctx.config.timeZone), row.stage);
    const id = await repo.insertComplaint(trx, row);
    for (const f of files)
      await repo.insertAttachment(trx, {
        complaint_id: id,
        file_name: f.fileName,
        type: f.type,
        bytes: f.content.length,
        content: f.content,
        uploaded_at: at,
      });
    await repo.throttleAdd(trx, 'submit_ip', ipKey, at);
    if (pHash) await repo.throttleAdd(trx, 'submit_phone', pHash, at);
    await repo.throttlePrune(trx, addDays(at.slice(0, 10), -2));
    await recordAudit(
      ctx,
      trx,
      PUBLIC_ACTOR,
      {
        action: 'complaint_filed',
        entityType: 'complaint',
        entityId: String(id),
        data: {
          trackingCode,
          type: input.type,
          subject: input.subject,
          instrumentId,
          orgId,
          townCode: town,
          attachments: files.length,
          duplicateOf,
          anonymous: input.anonymous ?? false,
        },
      },
      orgId,
    );
    return { trackingCode, receivedAt: at, decisionDeadline };
  });
}

/** The status a complainant sees by tracking code; unknown codes count against the address (wrong look-ups throttled). */
export async function publicStatus(ctx: AppContext, rawCode: string, meta: IntakeMeta): Promise<TPublicComplaintStatus> {
  const keys = piiKeys(ctx.config);
  const s = await getComplaintSettings(ctx.db);
  const ipKey = addressHash(keys, meta.ip);
  const now = ctx.clock.now();
  const since = new Date(now.getTime() - HOUR_MS).toISOString();
  if ((await repo.throttleCount(ctx.db, 'lookup_miss', ipKey, since)) >= s.wrongLookupsPerHour)
    throw new AppError('complaint_lookup_rate_limited');
  const c = await repo.complaintByCode(ctx.db, normalizeTrackingCode(rawCode));
  if (!c) {
    await repo.throttleAdd(ctx.db, 'lookup_miss', ipKey, nowIso(ctx));
    throw new AppError('not_found', { details: { entity: 'complaint' } });
  }
  const replies = (await repo.notesOf(ctx.db, Number(c.id), ['reply'])).map((n) => ({ at: n.at, text: n.text }));
  if (c.stage === 'refused' && c.refusal_reason && c.decided_at) replies.unshift({ at: c.decided_at, text: c.refusal_reason });
  return {
    trackingCode: c.tracking_code,
    type: c.type as TPublicComplaintStatus['type'],
    stage: c.stage as TPublicComplaintStatus['stage'],
    receivedAt: c.received_at,
    decisionDeadline: c.decision_deadline,
    paused: c.paused_at !== null,
    pauseReason: c.pause_reason,
    replies,
  };
}
