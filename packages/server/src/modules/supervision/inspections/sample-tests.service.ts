import { CIVIL_METER_CATEGORIES, type TCreateSampleTestRequest } from '@qiangjian/shared';
import { recordAudit } from '../../../audit/audit.service.js';
import type { Actor } from '../../../auth/actor.js';
import { actorLabel, requirePermission } from '../../../auth/actor.js';
import { orgScopeFilter, scopeOf } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { nowIso } from '../../../context.js';
import { AppError, notFound } from '../../../errors.js';
import { refreshInstruments } from '../../status/status.api.js';
import * as repo from './sample-tests.repository.js';

/**
 * Sample tests (监督抽查, docs/SUPERVISION.md): a civil meter taken from a home (`in_service`) or from a utility's stock
 * (`stock`) and tested by an institution. Each result is stored as a verification record of kind `spot_check`: the status
 * engine lets a failed spot check fail the meter and never lets a passed one renew it (docs/domain/forms.md §1); the
 * statistics count these records as the sample S(P).
 */

type Row = Awaited<ReturnType<typeof repo.getSampleTest>>;

function present(r: Row) {
  return {
    id: Number(r.id),
    instrumentId: Number(r.instrument_id),
    category: r.category,
    serialNo: r.serial_no,
    publicCode: r.public_code,
    orgId: Number(r.org_id),
    orgName: r.org_name,
    institutionId: r.institution_id === null ? null : Number(r.institution_id),
    institutionName: r.institution_name ?? null,
    origin: r.origin as 'in_service' | 'stock',
    date: r.date,
    conclusion: r.conclusion as 'passed' | 'failed',
    errorPct: r.error_pct === null ? null : Number(r.error_pct),
    note: r.note,
    verificationId: Number(r.verification_id),
    statusAfter: r.status,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

/** Records a sample test; `institutionId` names the testing institution when the actor is the system (demo seed). */
export async function recordSampleTest(ctx: AppContext, actor: Actor, body: TCreateSampleTestRequest, o: { institutionId?: number } = {}) {
  requirePermission(actor, 'sample_test.write');
  const id = await ctx.db.transaction().execute(async (trx) => {
    let meter: Awaited<ReturnType<typeof repo.meterByPublicCode>>;
    if (body.publicCode) meter = await repo.meterByPublicCode(trx, body.publicCode);
    else if (body.serialNo && body.creditCode) meter = await repo.meterBySerial(trx, body.creditCode, body.serialNo);
    else
      throw new AppError('invalid_parameter', {
        params: { name: 'publicCode', reason: 'required' },
        details: { name: 'publicCode', reason: 'required' },
      });
    if (!meter) throw notFound('instrument', body.publicCode ?? body.serialNo);
    if (!(CIVIL_METER_CATEGORIES as readonly string[]).includes(meter.category))
      throw new AppError('sample_test_not_civil_meter', { details: { parameter: 'publicCode', category: meter.category } });
    const instrumentId = Number(meter.id);
    if (await repo.verificationOn(trx, instrumentId, body.date))
      throw new AppError('sample_test_date_taken', { params: { date: body.date }, details: { parameter: 'date', date: body.date } });
    const institutionId = actor.orgKind === 'institution' ? actor.orgId : actor.kind === 'system' ? (o.institutionId ?? null) : null;
    const institutionName = institutionId === null ? null : ((await repo.orgName(trx, institutionId))?.name ?? null);
    const now = nowIso(ctx);
    const verificationId = await repo.insertSpotCheck(trx, {
      org_id: Number(meter.org_id),
      instrument_id: instrumentId,
      date: body.date,
      conclusion: body.conclusion,
      institution_id: institutionId,
      institution_name: institutionName,
      measurements: JSON.stringify({ errorPct: body.errorPct ?? null, origin: body.origin }),
      created_at: now,
    });
    const testId = await repo.insertSampleTest(trx, {
      instrument_id: instrumentId,
      org_id: Number(meter.org_id),
      institution_id: institutionId,
      origin: body.origin,
      date: body.date,
      conclusion: body.conclusion,
      error_pct: body.errorPct ?? null,
      note: body.note ?? null,
      verification_id: verificationId,
      created_by: actorLabel(actor),
      created_at: now,
    });
    await recordAudit(
      ctx,
      trx,
      actor,
      {
        action: 'sample_test_recorded',
        entityType: 'instrument',
        entityId: String(instrumentId),
        data: {
          sampleTestId: testId,
          verificationId,
          origin: body.origin,
          date: body.date,
          conclusion: body.conclusion,
          errorPct: body.errorPct ?? null,
        },
      },
      Number(meter.org_id),
    );
    await refreshInstruments(ctx, trx, [instrumentId]);
    return testId;
  });
  return present(await repo.getSampleTest(ctx.db, id));
}

export async function listSampleTests(
  ctx: AppContext,
  actor: Actor,
  q: { page: number; pageSize: number; origin?: string; conclusion?: string; category?: string },
) {
  requirePermission(actor, 'sample_test.read');
  const scope = scopeOf(actor);
  const { rows, total } = await repo.listSampleTests(
    ctx.db,
    scope.kind === 'org' ? { orgId: scope.orgId } : { orgFilter: orgScopeFilter(scope) },
    q,
    { limit: q.pageSize, offset: (q.page - 1) * q.pageSize },
  );
  return { items: rows.map(present), total, page: q.page, pageSize: q.pageSize };
}
