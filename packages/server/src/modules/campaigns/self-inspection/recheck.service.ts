import { randomBytes } from 'node:crypto';
import {
  DEFAULT_RECHECK_RATIO_BP,
  DRAW_ALGORITHM,
  drawCommitment,
  type PublishedDraw,
  runDraw,
  type TRecheckDraw,
} from '@qiangjian/shared';
import { recordAudit } from '../../../audit/audit.service.js';
import { type Actor, requirePermission } from '../../../auth/actor.js';
import { orgScopeFilter } from '../../../auth/scope.js';
import type { AppContext } from '../../../context.js';
import { nowIso } from '../../../context.js';
import type { DbOrTrx } from '../../../db/database.js';
import type { RecheckDrawRow } from '../../../db/schema-campaigns.js';
import { AppError, notFound } from '../../../errors.js';
import * as campaignsRepo from '../campaigns.repository.js';
import { loadCampaign } from '../campaigns.service.js';
import * as repo from './self-inspection.repository.js';

/**
 * The on-site re-check of a random share of submitted self-inspections (docs/CAMPAIGNS.md, "Re-check draw") with the
 * shared draw algorithm hmac-sha256-rank-v1 (packages/shared/src/draw.ts, docs/SUPERVISION.md "The draw algorithm"):
 * one stratum of the submitters' 统一社会信用代码, no inspectors; the seed is committed (its SHA-256) before the run and
 * revealed by it, so anyone re-runs the record with `verifyPublishedDraw`.
 */

/** The settings key of the re-check share in basis points (default DEFAULT_RECHECK_RATIO_BP = 10 %). */
export const RECHECK_RATIO_SETTING = 'campaign.recheck_ratio_bp';
const STRATUM = 'self_inspection';

/** The organizations a revealed re-check draw picked (empty before the run). */
export async function drawnOrgIds(db: DbOrTrx, campaignId: number): Promise<Set<number>> {
  const d = await campaignsRepo.recheckDrawOf(db, campaignId);
  if (!d?.drawn) return new Set();
  const ids = JSON.parse(d.org_ids) as Record<string, number>;
  return new Set((JSON.parse(d.drawn) as string[]).map((k) => ids[k] as number));
}

function recordOf(title: string, d: RecheckDrawRow): PublishedDraw {
  const drawn = d.drawn ? (JSON.parse(d.drawn) as string[]) : undefined;
  return {
    id: Number(d.campaign_id),
    title,
    algorithm: d.algorithm,
    commitment: d.commitment,
    ...(d.state === 'revealed' ? { seed: d.seed } : {}),
    witness: null,
    committedAt: d.committed_at,
    revealedAt: d.revealed_at,
    inspectorsPerTarget: 0,
    maxTargetsPerInspector: null,
    strata: [
      {
        key: STRATUM,
        ratioBp: Number(d.ratio_bp),
        min: 1,
        candidates: JSON.parse(d.candidates) as string[],
        pool: [],
        ...(drawn ? { drawn } : {}),
      },
    ],
    recusals: [],
    ...(drawn ? { assignments: drawn.map((targetKey) => ({ targetKey, inspectors: [] })) } : {}),
  };
}

function present(title: string, d: RecheckDrawRow): TRecheckDraw {
  return {
    campaignId: Number(d.campaign_id),
    state: d.state as 'committed' | 'revealed',
    ratioBp: Number(d.ratio_bp),
    commitment: d.commitment,
    committedAt: d.committed_at,
    committedBy: d.committed_by,
    revealedAt: d.revealed_at,
    orgIds: JSON.parse(d.org_ids) as Record<string, number>,
    record: recordOf(title, d),
  };
}

export async function getRecheckDraw(ctx: AppContext, actor: Actor, campaignId: number): Promise<TRecheckDraw> {
  requirePermission(actor, 'self_inspection.read');
  const c = await loadCampaign(ctx.db, actor, campaignId);
  const d = await campaignsRepo.recheckDrawOf(ctx.db, campaignId);
  if (!d) throw notFound('campaign_recheck_draw', campaignId);
  return present(c.name, d);
}

/** Commits the draw over the participants that have submitted: a random seed and its SHA-256, the candidates frozen. */
export async function commitRecheckDraw(ctx: AppContext, actor: Actor, campaignId: number): Promise<TRecheckDraw> {
  requirePermission(actor, 'campaign.manage');
  const seed = randomBytes(32).toString('hex');
  const commitment = await drawCommitment(seed);
  await ctx.db.transaction().execute(async (trx) => {
    await loadCampaign(trx, actor, campaignId);
    if (await campaignsRepo.recheckDrawOf(trx, campaignId)) throw new AppError('recheck_already_committed');
    const submitted = new Set(
      (await repo.reportsOfCampaign(trx, campaignId)).filter((r) => r.state === 'submitted').map((r) => Number(r.org_id)),
    );
    const orgs = (await campaignsRepo.participantOrgs(trx, campaignId, orgScopeFilter({ kind: 'all' }))).filter((o) =>
      submitted.has(Number(o.id)),
    );
    if (orgs.length === 0) throw new AppError('recheck_no_candidates');
    const candidates = orgs.map((o) => o.credit_code).sort();
    const orgIds = Object.fromEntries(orgs.map((o) => [o.credit_code, Number(o.id)]));
    const setting = Number(await campaignsRepo.settingValue(trx, RECHECK_RATIO_SETTING));
    const ratioBp = Number.isInteger(setting) && setting > 0 && setting <= 10000 ? setting : DEFAULT_RECHECK_RATIO_BP;
    const at = nowIso(ctx);
    await campaignsRepo.insertRecheckDraw(trx, {
      campaign_id: campaignId,
      algorithm: DRAW_ALGORITHM,
      ratio_bp: ratioBp,
      candidates: JSON.stringify(candidates),
      org_ids: JSON.stringify(orgIds),
      seed,
      commitment,
      state: 'committed',
      drawn: null,
      committed_at: at,
      committed_by: actor.username,
      revealed_at: null,
    });
    await recordAudit(ctx, trx, actor, {
      action: 'campaign_recheck_committed',
      entityType: 'campaign',
      entityId: String(campaignId),
      data: { algorithm: DRAW_ALGORITHM, commitment, ratioBp, candidates },
    });
  });
  return getRecheckDraw(ctx, actor, campaignId);
}

/** Runs (reveals) the committed draw: the seed is published with the drawn 统一社会信用代码. */
export async function runRecheckDraw(ctx: AppContext, actor: Actor, campaignId: number): Promise<TRecheckDraw> {
  requirePermission(actor, 'campaign.manage');
  await loadCampaign(ctx.db, actor, campaignId);
  const d = await campaignsRepo.recheckDrawOf(ctx.db, campaignId);
  if (d?.state !== 'committed') throw new AppError('recheck_not_committed');
  const candidates = JSON.parse(d.candidates) as string[];
  const out = await runDraw(
    {
      inspectorsPerTarget: 0,
      maxTargetsPerInspector: null,
      strata: [{ key: STRATUM, ratioBp: Number(d.ratio_bp), min: 1, candidates, pool: [] }],
      recusals: [],
    },
    d.seed,
    null,
  );
  // with no inspectors to assign a run cannot fail; the guard keeps the types honest
  if (!out.ok) throw new AppError('recheck_not_committed');
  const drawn = out.drawn[STRATUM] ?? [];
  await ctx.db.transaction().execute(async (trx) => {
    if (!(await campaignsRepo.revealRecheckDraw(trx, campaignId, JSON.stringify(drawn), nowIso(ctx))))
      throw new AppError('recheck_not_committed');
    await recordAudit(ctx, trx, actor, {
      action: 'campaign_recheck_revealed',
      entityType: 'campaign',
      entityId: String(campaignId),
      data: { seed: d.seed, commitment: d.commitment, drawn },
    });
  });
  return getRecheckDraw(ctx, actor, campaignId);
}
