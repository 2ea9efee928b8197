import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../src/app.js';
import { createTestContext, type TestContext } from '../db.js';

/**
 * The portal's `/p` (docs/PORTAL.md): with the built web UI, `/p` without a query and `/p/<not a public code>` get the
 * UI's index.html; the look-up (`/p?q=…`) and an instrument's page (`/p/<code>`) stay the server's.
 */
describe('/p with the built web UI', () => {
  let ctx: TestContext;
  let dir: string;
  const INDEX = '<!doctype html><html><body><div id="root">portal-spa</div></body></html>';
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qj-web-'));
    fs.writeFileSync(path.join(dir, 'index.html'), INDEX);
    ctx = await createTestContext({ config: { webDist: dir } });
  });
  afterAll(async () => {
    await ctx?.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('hands the home page and the portal pages to the web UI, keeps the look-up on the server', async () => {
    const app = await build({ ctx });
    try {
      for (const url of ['/p', '/p/articles', '/p/articles/12', '/p/complaint', '/p/complaint/status']) {
        const r = await app.inject({ method: 'GET', url });
        expect([url, r.statusCode, r.body]).toEqual([url, 200, INDEX]);
      }
      const search = await app.inject({ method: 'GET', url: '/p?q=JYJ-0427' });
      expect([search.statusCode, search.body.includes('请同时填写使用单位')]).toEqual([200, true]);
      // a well-formed public code that does not exist: the server's 404 page, not the web UI
      const missing = await app.inject({ method: 'GET', url: '/p/aaaaaaaaaaaaaaaa' });
      expect([missing.statusCode, missing.body.includes('portal-spa')]).toEqual([404, false]);
    } finally {
      await app.close();
    }
  });
});
