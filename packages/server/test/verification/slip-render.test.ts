import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../src/config.js';
import { createApplication } from '../../src/modules/verification/applications/applications.service.js';
import { renderSlip } from '../../src/modules/verification/applications/slip.document.js';
import { createTestContext, type TestContext } from '../db.js';
import { actorFor, buildAuthorization, buildInstrument, buildWorld, DUE_SOON_DISPENSER } from '../factories.js';

describe('预约送检单 PDF', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext();
  });
  afterEach(async () => ctx.cleanup());

  it('renders a multi-row slip (written to .tmp/verification-slip.pdf for inspection)', async () => {
    const w = await buildWorld(ctx);
    await ctx.db.updateTable('organizations').set({ name: '示例嘎鲁图第一加油站' }).where('id', '=', w.stationA.id).execute();
    await ctx.db.updateTable('organizations').set({ name: '示例乌审旗计量检定测试所' }).where('id', '=', w.institution.id).execute();
    await buildAuthorization(ctx, w.institution.id, { categories: ['fuel_dispenser'] });
    const ids: number[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (
          await buildInstrument(ctx, {
            ...DUE_SOON_DISPENSER,
            orgId: w.stationA.id,
            siteId: w.siteA,
            serialNo: `JYJ-2019-00${i + 1}`,
            manufacturer: '正星科技股份有限公司',
            model: 'ZX-2242',
          })
        ).id,
      );
    const actor = await actorFor(ctx, w.users.enterpriseA);
    const a = await createApplication(ctx, actor, {
      institutionId: w.institution.id,
      instrumentIds: ids,
      mode: 'bring_in',
      preferredDate: '2024-10-20',
      contact: { name: '王建国', phone: '13904771234' },
    });
    const pdf = await renderSlip(ctx, actor, a.id);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const out = path.join(REPO_ROOT, '.tmp', 'verification-slip.pdf');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, pdf);
  });
});
