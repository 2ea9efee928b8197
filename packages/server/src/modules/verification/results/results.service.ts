import { enumLabel, type TResultInput } from '@qiangjian/shared';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { requirePermission } from '../../../auth/actor.js';
import type { AppContext } from '../../../context.js';
import { nowIso, today } from '../../../context.js';
import { AppError } from '../../../errors.js';
import { dateInZone } from '../../../time.js';
import { refreshInstruments, validityBounds } from '../../status/status.api.js';
import * as appRepo from '../applications/applications.repository.js';
import { appScopeOf, assertTransition, coveredInstruments, present } from '../applications/applications.service.js';
import { getSettings } from '../calendar/settings.service.js';
import { coverage } from '../institutions/coverage.js';
import { authorizationsOf, standardsOf, verifiersOf } from '../institutions/oversight.repository.js';
import { checkMeasurements, MeasurementShapeError } from './measurements.js';
import * as repo from './results.repository.js';

export function presentResult(r: {
  id: number;
  instrument_id: number;
  nozzle_no: number;
  date: string;
  kind: string;
  conclusion: string;
  certificate_no: string | null;
  valid_until: string | null;
  verifier_id: number | null;
  standard_id: number | null;
  measurements: string | null;
  seals: string | null;
}) {
  return {
    id: Number(r.id),
    instrumentId: Number(r.instrument_id),
    nozzleNo: Number(r.nozzle_no),
    date: r.date,
    kind: r.kind,
    conclusion: r.conclusion as 'passed' | 'failed',
    certificateNo: r.certificate_no,
    validUntil: r.valid_until,
    verifierId: r.verifier_id === null ? null : Number(r.verifier_id),
    standardId: r.standard_id === null ? null : Number(r.standard_id),
    measurements: r.measurements ? (JSON.parse(r.measurements) as unknown) : null,
    seals: r.seals ? (JSON.parse(r.seals) as string[]) : null,
  };
}

/** Error raised for one result; `index` tells the bulk importer which row it came from. */
function refuse(
  code: ConstructorParameters<typeof AppError>[0],
  index: number,
  params: Record<string, string | number>,
  details: Record<string, unknown> = {},
) {
  return new AppError(code, { params, details: { index, ...details } });
}

/**
 * Records results for an accepted application (docs/domain/forms.md §2, issue 5 item 3). Every check runs before any
 * write; one refusal refuses the whole request. The first result moves the application to in_progress, the
 * one covering the last instrument (every nozzle of a dispenser) to completed. Statuses refresh at once.
 */
export async function recordResults(ctx: AppContext, actor: Actor, applicationId: number, results: TResultInput[]) {
  requirePermission(actor, 'application.result');
  const out = await ctx.db.transaction().execute(async (trx) => {
    await appRepo.lockApplication(trx, applicationId, ctx.engine === 'postgres');
    const app = await appRepo.findApplication(trx, applicationId, appScopeOf(actor));
    if (!app) throw new AppError('not_found', { details: { entity: 'application', id: applicationId } });
    if (app.status === 'submitted' || app.status === 'returned')
      throw new AppError('result_application_not_accepted', { details: { status: app.status } });
    assertTransition(app.status, 'result');
    const version = await appRepo.currentVersion(trx, { id: applicationId, version: Number(app.version) });
    const ids = JSON.parse(version.instrument_ids) as number[];
    const institutionId = Number(app.institution_id);
    const inst = await appRepo.instrumentsByIds(trx, ids);
    const nozzles = await appRepo.nozzlesOf(trx, ids);
    const auths = await authorizationsOf(trx, institutionId);
    const verifiers = await verifiersOf(trx, institutionId);
    const standards = await standardsOf(trx, institutionId);
    const settings = await getSettings(trx);
    const todayStr = today(ctx);
    const firstSubmitted = dateInZone(new Date(app.created_at), ctx.config.timeZone);
    const seen = new Set<string>();
    const rows: repo.ResultRow[] = [];

    for (const [index, r] of results.entries()) {
      const ins = inst.find((x) => x.id === r.instrumentId);
      if (!ins || !ids.includes(r.instrumentId))
        throw refuse('result_instrument_not_in_application', index, { instrumentId: r.instrumentId }, { instrumentId: r.instrumentId });
      const cat = enumLabel('category', ins.category);
      let nozzleNo = 0;
      if (r.nozzleId !== undefined) {
        const n = nozzles.find((x) => Number(x.id) === r.nozzleId && Number(x.instrument_id) === ins.id);
        if (!n) throw refuse('result_nozzle_unknown', index, { nozzleId: r.nozzleId, serialNo: ins.serial_no }, { field: 'nozzleId' });
        nozzleNo = Number(n.nozzle_no);
      }
      const key = `${ins.id}:${nozzleNo}`;
      if (seen.has(key)) throw refuse('result_duplicate', index, { serialNo: ins.serial_no });
      seen.add(key);
      if (r.date > todayStr || r.date < firstSubmitted) throw refuse('result_date_invalid', index, { date: r.date }, { field: 'date' });

      const cov = coverage(auths, ins.category, ins.region, r.date);
      if (cov !== 'ok') {
        throw refuse(cov === 'expired' ? 'result_authorization_expired' : 'result_out_of_authorized_scope', index, {
          serialNo: ins.serial_no,
          category: cat,
          region: ins.region ?? '',
          date: r.date,
        });
      }
      const v = verifiers.find((x) => Number(x.id) === r.verifierId);
      if (!v) throw new AppError('not_found', { details: { entity: 'verifier', id: r.verifierId, index } });
      if (v.valid_until < r.date)
        throw refuse(
          'result_verifier_lapsed',
          index,
          { verifier: v.name, date: r.date, validUntil: v.valid_until },
          { verifierId: r.verifierId },
        );
      if (!(JSON.parse(v.categories) as string[]).includes(ins.category)) {
        throw refuse('result_verifier_not_qualified', index, { verifier: v.name, category: cat }, { verifierId: r.verifierId });
      }
      const s = standards.find((x) => Number(x.id) === r.standardId);
      if (!s) throw new AppError('not_found', { details: { entity: 'standard', id: r.standardId, index } });
      if (Number(s.faulty) === 1 && (s.faulty_since === null || s.faulty_since <= r.date)) {
        throw refuse('result_standard_faulty', index, { standard: s.name }, { standardId: r.standardId });
      }
      if (s.valid_until < r.date)
        throw refuse(
          'result_standard_expired',
          index,
          { standard: s.name, date: r.date, validUntil: s.valid_until },
          { standardId: r.standardId },
        );
      if (!(JSON.parse(s.categories) as string[]).includes(ins.category)) {
        throw refuse('result_standard_not_applicable', index, { standard: s.name, category: cat }, { standardId: r.standardId });
      }

      let measurements: unknown = null;
      if (r.measurements) {
        if (ins.category === 'fuel_dispenser') {
          try {
            const check = checkMeasurements(r.measurements, settings.dispenser);
            if (r.conclusion === 'passed' && !check.ok && check.violation) {
              throw refuse('result_conclusion_contradicts_data', index, { reason: check.violation.reason }, { violation: check.violation });
            }
            measurements = {
              points: check.points,
              repeatability: check.repeatability,
              limits: { mpePercent: settings.dispenser.mpePercent, repeatabilityPercent: settings.dispenser.repeatabilityPercent },
              withinLimits: check.ok,
            };
          } catch (e) {
            if (e instanceof MeasurementShapeError)
              throw refuse('result_measurements_invalid', index, { reason: e.message }, { field: 'measurements' });
            throw e;
          }
        } else {
          measurements = r.measurements;
        }
      }

      let validUntil: string | null = null;
      if (r.conclusion === 'passed') {
        const b = await validityBounds(ctx, trx, ins.id, r.date);
        validUntil = r.validUntil ?? b.defaultValidUntil;
        if (validUntil !== null && validUntil <= r.date) throw refuse('result_valid_until_invalid', index, {}, { field: 'validUntil' });
        if (validUntil !== null && b.maxValidUntil !== null && validUntil > b.maxValidUntil) {
          throw refuse(
            'result_valid_until_exceeds_rule',
            index,
            { validUntil, max: b.maxValidUntil },
            { field: 'validUntil', max: b.maxValidUntil, ruleRef: b.ruleRef },
          );
        }
      }
      const kind = r.kind ?? ((await repo.hasVerification(trx, ins.id)) ? 'periodic' : 'initial');
      rows.push({
        org_id: ins.org_id,
        instrument_id: ins.id,
        nozzle_no: nozzleNo,
        kind,
        date: r.date,
        conclusion: r.conclusion,
        certificate_no: r.certificateNo,
        valid_until: validUntil,
        institution_id: institutionId,
        institution_name: (await appRepo.orgNames(trx, [institutionId])).get(institutionId)?.name ?? null,
        verifier_id: r.verifierId,
        standard_id: r.standardId,
        application_id: applicationId,
        measurements: measurements === null ? null : JSON.stringify(measurements),
        seals: r.seals ? JSON.stringify(r.seals) : null,
        source: 'result',
        created_at: nowIso(ctx),
      });
    }

    const written: number[] = [];
    for (const row of rows) written.push(await repo.upsertVerification(trx, row));
    const covered = await coveredInstruments(trx, applicationId, ids);
    const next = covered.size === ids.length ? 'completed' : 'in_progress';
    const now = nowIso(ctx);
    if (next !== app.status) {
      await appRepo.updateApplication(trx, applicationId, { status: next, updated_at: now });
      await appRepo.updateVersion(trx, version.id, { status: next });
    }
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'results_recorded',
        entityType: 'application',
        entityId: String(applicationId),
        data: {
          version: Number(app.version),
          from: app.status,
          to: next,
          results: rows.map((r, i) => ({
            verificationId: written[i],
            instrumentId: r.instrument_id,
            nozzleNo: r.nozzle_no,
            date: r.date,
            conclusion: r.conclusion,
            certificateNo: r.certificate_no,
            validUntil: r.valid_until,
            verifierId: r.verifier_id,
            standardId: r.standard_id,
          })),
        },
      },
      Number(app.org_id),
    );
    const touched = [...new Set(rows.map((r) => r.instrument_id))];
    await refreshInstruments(ctx, trx, touched);
    return { written, touched };
  });
  const a = await appRepo.getApplication(ctx.db, applicationId);
  const v = await appRepo.currentVersion(ctx.db, { id: applicationId, version: Number(a.version) });
  const names = await appRepo.orgNames(ctx.db, [Number(a.org_id), Number(a.institution_id)]);
  const saved = await repo.verificationsByIds(ctx.db, out.written);
  const inst = await repo.instrumentStatuses(ctx.db, out.touched);
  return {
    application: present(ctx, a, v, names),
    results: saved.map(presentResult),
    instruments: inst.map((i) => ({ id: Number(i.id), status: i.status, validUntil: i.valid_until })),
  };
}

export async function listResults(ctx: AppContext, actor: Actor, applicationId: number) {
  requirePermission(actor, 'application.read');
  const app = await appRepo.findApplication(ctx.db, applicationId, appScopeOf(actor));
  if (!app) throw new AppError('not_found', { details: { entity: 'application', id: applicationId } });
  const rows = await repo.resultsOf(ctx.db, applicationId, Number(app.org_id));
  return rows.map(presentResult);
}
