import {
  DEFAULT_VERIFICATION_SETTINGS,
  type TCalendarDay,
  type TVerificationSettings,
  type ZUpdateVerificationSettings,
  ZVerificationSettings,
} from '@qiangjian/shared';
import { CN_CALENDAR_2024_2026 } from '@qiangjian/shared/data';
import type { z } from 'zod';
import { diffFields } from '../../../audit/audit.rules.js';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { requirePermission } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { nowIso } from '../../../context.js';
import type { DbOrTrx } from '../../../db/database.js';
import { AppError } from '../../../errors.js';
import * as repo from './settings.repository.js';
import { makeCalendar, type WorkCalendar } from './working-days.js';

export const SETTINGS_KEY = 'verification';

/** Reference data: the holiday calendar (idempotent; never overwrites an admin's edits). */
export async function seedCalendar(db: DbOrTrx): Promise<void> {
  const rows = CN_CALENDAR_2024_2026.map((d) => ({ date: d.date, kind: d.kind, name: d.name }));
  await repo.insertMissingDays(db, rows);
}

export async function loadCalendar(db: DbOrTrx): Promise<WorkCalendar> {
  return makeCalendar(await repo.allDays(db));
}

export async function getSettings(db: DbOrTrx): Promise<TVerificationSettings> {
  const value = await repo.settingValue(db, SETTINGS_KEY);
  if (value === undefined) return DEFAULT_VERIFICATION_SETTINGS;
  const stored = JSON.parse(value) as Partial<TVerificationSettings>;
  const merged = {
    ...DEFAULT_VERIFICATION_SETTINGS,
    ...stored,
    dispenser: { ...DEFAULT_VERIFICATION_SETTINGS.dispenser, ...(stored.dispenser ?? {}) },
  };
  const ok = ZVerificationSettings.safeParse(merged);
  return ok.success ? ok.data : DEFAULT_VERIFICATION_SETTINGS;
}

export async function readSettings(ctx: AppContext, actor: Actor): Promise<TVerificationSettings> {
  requirePermission(actor, 'application.read');
  return getSettings(ctx.db);
}

/** Admin edit of the acceptance deadline, warning windows and dispenser limits (audited). */
export async function updateSettings(
  ctx: AppContext,
  actor: Actor,
  patch: z.infer<typeof ZUpdateVerificationSettings>,
): Promise<TVerificationSettings> {
  requirePermission(actor, 'settings.update');
  return ctx.db.transaction().execute(async (trx) => {
    const before = await getSettings(trx);
    const next = { ...before, ...patch, dispenser: { ...before.dispenser, ...(patch.dispenser ?? {}) } };
    const parsed = ZVerificationSettings.safeParse(next);
    if (!parsed.success) throw new AppError('verification_setting_invalid', { params: { reason: parsed.error.issues[0]?.message ?? '' } });
    if (parsed.data.dispenser.flowPoints.length !== new Set(parsed.data.dispenser.flowPoints).size) {
      throw new AppError('verification_setting_invalid', { params: { reason: 'flowPoints' } });
    }
    const value = JSON.stringify(parsed.data);
    const now = nowIso(ctx);
    await repo.upsertSetting(trx, SETTINGS_KEY, value, now);
    await recordAudit(ctx, trx, actor, {
      action: 'verification_settings_updated',
      entityType: 'settings',
      entityId: SETTINGS_KEY,
      data: { changes: diffFields(before as unknown as Record<string, unknown>, parsed.data as unknown as Record<string, unknown>) },
    });
    return parsed.data;
  });
}

export async function listCalendarYear(ctx: AppContext, actor: Actor, year: number): Promise<TCalendarDay[]> {
  requirePermission(actor, 'application.read');
  const rows = await repo.daysBetween(ctx.db, `${year}-01-01`, `${year}-12-31`);
  return rows.map((r) => ({ date: r.date, kind: r.kind as 'holiday' | 'workday', name: r.name }));
}

/** Sets one calendar day (holiday / 调休 workday) or clears it back to a normal day (audited). */
export async function putCalendarDay(
  ctx: AppContext,
  actor: Actor,
  date: string,
  input: { kind: 'holiday' | 'workday' | 'normal'; name?: string | null },
): Promise<{ date: string; kind: string; name: string | null }> {
  requirePermission(actor, 'calendar.update');
  return ctx.db.transaction().execute(async (trx) => {
    const before = await repo.findDay(trx, date);
    if (input.kind === 'normal') await repo.deleteDay(trx, date);
    else await repo.upsertDay(trx, { date, kind: input.kind, name: input.name ?? null });
    await recordAudit(ctx, trx, actor, {
      action: 'calendar_day_changed',
      entityType: 'calendar_day',
      entityId: date,
      data: {
        changes: {
          kind: { before: before?.kind ?? 'normal', after: input.kind },
          name: { before: before?.name ?? null, after: input.name ?? null },
        },
      },
    });
    return { date, kind: input.kind, name: input.kind === 'normal' ? null : (input.name ?? null) };
  });
}
