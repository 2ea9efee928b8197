import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { useTestApp } from '../db.js';
import { buildOrg, buildUser } from '../factories.js';
import { buildScenario } from './scenario.js';

/**
 * Progress and final reports (docs/REPORTS-SUBMISSIONS.md) on the reports' hand-built scenario (scenario.ts): the
 * 2024 campaign of 150626 with the reporting day moved to the 15th, so the report of 2024-10-15 has P = 2024-06-07 …
 * 2024-10-15 — the scenario's period, whose figures are written by hand below (see the comments of scenario.ts).
 */
type Figure = { key: string; kind: string; value: number | null };
const figureValue = (r: { data: { figures: Figure[] } }, key: string) => r.data.figures.find((f) => f.key === key)?.value;

describe('report submissions: draft from data, approval chain, frozen snapshot', () => {
  const t = useTestApp({ now: '2024-11-20T02:00:00.000Z' });
  let s: Awaited<ReturnType<typeof buildScenario>>;
  let campaignId = 0;
  let reportId = 0;
  let sha = '';

  beforeAll(async () => {
    s = await buildScenario(t.ctx, t.world);
    const c = await t.as('regulator').post('/api/v1/campaigns', { year: 2024, regionCode: '150626' });
    expect(c.statusCode, c.body).toBe(201);
    campaignId = c.json().id;
    const p = await t.as('regulator').patch(`/api/v1/campaigns/${campaignId}`, { reportingDays: [15] });
    expect(p.statusCode, p.body).toBe(200);
  });

  it('lists the reporting days: the 15th of each month of the campaign and the final report', async () => {
    const res = await t.as('regulator').get(`/api/v1/report-submissions?campaignId=${campaignId}`);
    expect(res.statusCode, res.body).toBe(200);
    const days = res.json().days.map((d: { kind: string; day: string; state: string; late: boolean }) => [d.kind, d.day, d.state, d.late]);
    expect(days).toEqual([
      ['progress', '2024-06-15', 'not_drafted', true],
      ['progress', '2024-07-15', 'not_drafted', true],
      ['progress', '2024-08-15', 'not_drafted', true],
      ['progress', '2024-09-15', 'not_drafted', true],
      ['progress', '2024-10-15', 'not_drafted', true],
      ['final', '2024-10-20', 'not_drafted', true],
    ]);
  });

  it('drafts the report of 2024-10-15 with the figures of Attachments 2 and 3 (by hand) in the text', async () => {
    const bad = await t.as('regulator').post('/api/v1/report-submissions', { campaignId, day: '2024-10-14' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error).toMatchObject({ code: 'report_submission_day_unknown', details: { parameter: 'day' } });

    const res = await t.as('regulator').post('/api/v1/report-submissions', { campaignId, day: '2024-10-15' });
    expect(res.statusCode, res.body).toBe(201);
    const r = res.json();
    reportId = r.id;
    expect(r).toMatchObject({
      kind: 'progress',
      reportingDay: '2024-10-15',
      periodStart: '2024-06-07',
      version: 1,
      state: 'draft',
      step: 0,
    });
    expect(r.chain).toEqual(['draft', 'review', 'approve']);
    expect(r.data.attachment2.periodEnd).toBe('2024-10-15');
    // Attachment 2 合计 (reports.test.ts): 12 in service, 4 installed, 2 first verified, 5 due / 3 rotated / 2 not, 12,350 元
    expect(figureValue(r, 'a2.inService')).toBe(12);
    expect(figureValue(r, 'a2.installed')).toBe(4);
    expect(figureValue(r, 'a2.firstVerified')).toBe(2);
    expect(figureValue(r, 'a2.firstVerificationRate')).toBe(0.5);
    expect(figureValue(r, 'a2.dueForRotation')).toBe(5);
    expect(figureValue(r, 'a2.rotated')).toBe(3);
    expect(figureValue(r, 'a2.overdueNotRotated')).toBe(2);
    expect(figureValue(r, 'a2.rotationRate')).toBe(0.6);
    expect(figureValue(r, 'a2.verificationRate')).toBe(0.75);
    expect(figureValue(r, 'a2.rectificationOrders')).toBe(2);
    expect(figureValue(r, 'a2.finesAndConfiscations')).toBe(12350);
    // Attachment 3 合计: 4 dispensers, 7 nozzles, 5 valid, one problem, 1,000 元
    expect(figureValue(r, 'a3.dispensers')).toBe(4);
    expect(figureValue(r, 'a3.nozzles')).toBe(7);
    expect(figureValue(r, 'a3.validNozzles')).toBe(5);
    expect(figureValue(r, 'a3.verificationRate')).toBe(0.7143);
    expect(figureValue(r, 'a3.problemsFound')).toBe(1);
    expect(figureValue(r, 'a3.finesAndConfiscations')).toBe(1000);
    // cases filed in P: the water utility's and station A's
    expect(figureValue(r, 'sup.casesFiled')).toBe(2);
    // KPI targets of the campaign (100 %) with the KPI values
    expect(r.data.lists.kpiTargets.map((k: { key: string; targetBp: number }) => [k.key, k.targetBp])).toEqual([
      ['first_verification_rate', 10000],
      ['rotation_rate', 10000],
      ['inspection_rate', 10000],
    ]);
    const text = Object.fromEntries(r.sections.map((x: { key: string; text: string }) => [x.key, x.text]));
    expect(Object.keys(text)).toEqual(['basic', 'results', 'problems', 'rectification', 'enforcement', 'suggestions']);
    expect(text.basic).toContain('在用强检计量器具12台（件）');
    expect(text.basic).toContain('燃油加油机4台、加油枪7把');
    expect(text.results).toContain('新安装强检表计4台，首次检定2台；应轮换5台，已轮换3台');
    // 12,350 + 1,000 元 = 1.34 万元 (half-up of 1.335)
    expect(text.enforcement).toBe('期内立案2件，罚没款1.34万元。');
    expect(r.problems).toEqual([]);

    const again = await t.as('regulator').post('/api/v1/report-submissions', { campaignId, day: '2024-10-15' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('report_submission_exists');
  });

  it('the viewer does not see a draft; enterprises are refused', async () => {
    expect((await t.as('viewer').get(`/api/v1/report-submissions/${reportId}`)).statusCode).toBe(404);
    const list = await t.as('viewer').get(`/api/v1/report-submissions?campaignId=${campaignId}`);
    expect(list.json().days.find((d: { day: string }) => d.day === '2024-10-15').state).toBe('not_drafted');
    expect((await t.as('enterprise').get(`/api/v1/report-submissions/${reportId}`)).statusCode).toBe(403);
    expect((await t.as('enterprise').post('/api/v1/report-submissions', { campaignId, day: '2024-10-15' })).statusCode).toBe(403);
  });

  it('the regulator edits a sentence; the chain goes draft → review → approve, a return goes back to the drafter', async () => {
    const edited = '一、截至10月15日，专项行动进展顺利（已修改）。';
    const e = await t.as('regulator').patch(`/api/v1/report-submissions/${reportId}`, { sections: [{ key: 'basic', text: edited }] });
    expect(e.statusCode, e.body).toBe(200);
    expect(e.json().sections[0].text).toBe(edited);

    const decide = (decision: string, comment = '') =>
      t.as('regulator').post(`/api/v1/report-submissions/${reportId}/decision`, { decision, comment });
    expect((await decide('return')).statusCode).toBe(409); // nothing to return at the drafting step
    let r = (await decide('approve', '请审核')).json();
    expect(r).toMatchObject({ state: 'review', step: 1 });
    // in review the text is locked
    const locked = await t.as('regulator').patch(`/api/v1/report-submissions/${reportId}`, { sections: [{ key: 'basic', text: 'x' }] });
    expect(locked.statusCode).toBe(409);
    expect(locked.json().error.code).toBe('report_submission_wrong_state');
    r = (await decide('approve', '同意')).json();
    expect(r).toMatchObject({ state: 'review', step: 2 });
    r = (await decide('return', '数据请复核')).json();
    expect(r).toMatchObject({ state: 'draft', step: 0 });
    expect(r.approvals.map((a: { step: string; decision: string; comment: string }) => [a.step, a.decision, a.comment])).toEqual([
      ['draft', 'approve', '请审核'],
      ['review', 'approve', '同意'],
      ['approve', 'return', '数据请复核'],
    ]);
    for (const c of ['再次提交', '同意', '同意上报']) r = (await decide('approve', c)).json();
    expect(r).toMatchObject({ state: 'submitted', step: 3 });
    expect(r.snapshotSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.changes).toEqual([]);
    sha = r.snapshotSha256;

    const actions = await t.ctx.db
      .selectFrom('audit_log')
      .select(['action', 'data'])
      .where('entity_type', '=', 'report_submission')
      .where('entity_id', '=', String(reportId))
      .orderBy('id')
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      'report_submission_drafted',
      'report_submission_edited',
      'report_submission_approved',
      'report_submission_approved',
      'report_submission_returned',
      'report_submission_approved',
      'report_submission_approved',
      'report_submission_submitted',
    ]);
    expect(JSON.parse(String(actions.at(-1)?.data)).sha256).toBe(sha);
  });

  it('the snapshot is stable: stored JSON hashes to the stored SHA-256 and holds the edited text and the tables', async () => {
    const row = await t.ctx.db.selectFrom('report_submissions').selectAll().where('id', '=', reportId).executeTakeFirstOrThrow();
    expect(createHash('sha256').update(String(row.snapshot)).digest('hex')).toBe(sha);
    const snap = JSON.parse(String(row.snapshot));
    expect(snap.sections[0].text).toBe('一、截至10月15日，专项行动进展顺利（已修改）。');
    expect(snap.data.attachment2.total.inService).toBe(12);
    expect(snap.data.attachment3.total.nozzles).toBe(7);
    expect(snap.data.kpis.formulaVersion).toBe(1);
    expect((await t.as('regulator').get(`/api/v1/report-submissions/${reportId}`)).json().snapshotSha256).toBe(sha);
  });

  it('a submitted report is never edited or submitted twice (409)', async () => {
    const e = await t.as('regulator').patch(`/api/v1/report-submissions/${reportId}`, { sections: [{ key: 'basic', text: 'x' }] });
    expect(e.statusCode).toBe(409);
    expect(e.json().error.code).toBe('report_submission_frozen');
    const d = await t.as('regulator').post(`/api/v1/report-submissions/${reportId}/decision`, { decision: 'approve' });
    expect(d.statusCode).toBe(409);
    expect(d.json().error.code).toBe('report_submission_frozen');
  });

  it('data changed after submission: the report is unchanged and the diff names the figure', async () => {
    // W4 (installed 2024-08-10 in P, first verified) gets an install date before P
    await t.ctx.db.updateTable('instruments').set({ install_date: '2023-01-01' }).where('id', '=', s.W4.id).execute();
    const r = (await t.as('regulator').get(`/api/v1/report-submissions/${reportId}`)).json();
    expect(r.snapshotSha256).toBe(sha);
    expect(figureValue(r, 'a2.installed')).toBe(4);
    expect(r.sections[0].text).toBe('一、截至10月15日，专项行动进展顺利（已修改）。');
    const changes = Object.fromEntries(
      r.changes.map((c: { key: string; atSubmission: number; now: number }) => [c.key, [c.atSubmission, c.now]]),
    );
    expect(changes['a2.installed']).toEqual([4, 3]);
    expect(changes['a2.firstVerified']).toEqual([2, 1]);
    expect(changes['a2.inService']).toBeUndefined();
  });

  it('a correction is a new version with its reason; a dropped count needs a written explanation', async () => {
    const c = await t.as('regulator').post(`/api/v1/report-submissions/${reportId}/correction`, { reason: '安装日期更正' });
    expect(c.statusCode, c.body).toBe(201);
    const v2 = c.json();
    expect(v2).toMatchObject({ version: 2, previousId: reportId, correctionReason: '安装日期更正', state: 'draft' });
    expect(figureValue(v2, 'a2.installed')).toBe(3);
    expect(v2.problems.map((p: { key: string; expected: number; actual: number }) => [p.key, p.expected, p.actual])).toEqual([
      ['dropped:a2.installed', 4, 3],
      ['dropped:a2.firstVerified', 2, 1],
    ]);
    const old = (await t.as('regulator').get(`/api/v1/report-submissions/${reportId}`)).json();
    expect(old).toMatchObject({ state: 'submitted', snapshotSha256: sha, supersededBy: v2.id });
    expect((await t.as('regulator').post(`/api/v1/report-submissions/${reportId}/correction`, { reason: 'x' })).statusCode).toBe(409);

    // the chain shortened to one step in the settings (administrator); a version keeps the chain it was drafted with
    expect((await t.as('regulator').put('/api/v1/report-submissions/chain', { steps: ['draft'] })).statusCode).toBe(403);
    const bad = await t.as('admin').put('/api/v1/report-submissions/chain', { steps: ['review'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('report_submission_chain_invalid');
    expect((await t.as('admin').put('/api/v1/report-submissions/chain', { steps: ['draft'] })).json()).toEqual({ steps: ['draft'] });
    expect(v2.chain).toEqual(['draft', 'review', 'approve']);

    const approve = () => t.as('regulator').post(`/api/v1/report-submissions/${v2.id}/decision`, { decision: 'approve' });
    const refused = await approve();
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'report_submission_explanation_missing',
      details: { problems: ['dropped:a2.installed', 'dropped:a2.firstVerified'] },
    });
    await t.as('regulator').patch(`/api/v1/report-submissions/${v2.id}`, {
      explanations: { 'dropped:a2.installed': '一块水表的安装日期录入有误，已更正为2023年。' },
    });
    expect((await approve()).statusCode).toBe(409);
    await t.as('regulator').patch(`/api/v1/report-submissions/${v2.id}`, { explanations: { 'dropped:a2.firstVerified': '同上。' } });
    for (let i = 0; i < 3; i++) expect((await approve()).statusCode).toBe(200);
    const done = (await t.as('regulator').get(`/api/v1/report-submissions/${v2.id}`)).json();
    expect(done.state).toBe('submitted');
    expect(
      JSON.parse(
        String(
          (await t.ctx.db.selectFrom('report_submissions').select('snapshot').where('id', '=', v2.id).executeTakeFirstOrThrow()).snapshot,
        ),
      ).explanations,
    ).toEqual({
      'dropped:a2.installed': '一块水表的安装日期录入有误，已更正为2023年。',
      'dropped:a2.firstVerified': '同上。',
    });
    expect(done.versions.map((v: { version: number; state: string }) => [v.version, v.state])).toEqual([
      [1, 'submitted'],
      [2, 'submitted'],
    ]);
  });

  it('a new draft takes the one-step chain: the drafter submits', async () => {
    const r = (await t.as('regulator').post('/api/v1/report-submissions', { campaignId, day: '2024-10-20' })).json();
    expect(r).toMatchObject({ kind: 'final', chain: ['draft'] });
    const d = await t.as('regulator').post(`/api/v1/report-submissions/${r.id}/decision`, { decision: 'approve' });
    expect(d.json()).toMatchObject({ state: 'submitted' });
  });

  it('viewer scope: the bureau viewer reads the submitted report; a viewer of another county gets 404', async () => {
    const v = await t.as('viewer').get(`/api/v1/report-submissions/${reportId}`);
    expect(v.statusCode, v.body).toBe(200);
    expect(v.json().snapshotSha256).toBe(sha);
    const other = await buildOrg(t.ctx, { kind: 'bureau', regionCode: '150627' });
    const viewer2 = await buildUser(t.ctx, { role: 'viewer', orgId: other.id });
    expect((await t.as(viewer2).get(`/api/v1/report-submissions/${reportId}`)).statusCode).toBe(404);
    expect((await t.as(viewer2).get(`/api/v1/report-submissions?campaignId=${campaignId}`)).statusCode).toBe(404);
    expect((await t.as(viewer2).get(`/api/v1/report-submissions/${reportId}/document?format=pdf`)).statusCode).toBe(404);
  });

  it('exports DOCX and PDF (A4, Chinese); the PDF is rendered to PNG to look at', async () => {
    const pdf = await t.as('regulator').get(`/api/v1/report-submissions/${reportId}/document?format=pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.rawPayload.subarray(0, 4).toString()).toBe('%PDF');
    const docx = await t.as('regulator').get(`/api/v1/report-submissions/${reportId}/document?format=docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    const dir = path.join(REPO_ROOT, '.tmp', 'report-submissions');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'report.pdf'), pdf.rawPayload);
    fs.writeFileSync(path.join(dir, 'report.docx'), docx.rawPayload);
    execFileSync('pdftoppm', ['-r', '60', '-png', path.join(dir, 'report.pdf'), path.join(dir, 'report')]);
    expect(fs.readdirSync(dir).some((f) => f.startsWith('report-') && f.endsWith('.png'))).toBe(true);
  });
});
