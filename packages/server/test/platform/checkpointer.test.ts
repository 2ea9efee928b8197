import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../src/db/checkpointer.js';
import { migrateToLatest, openDatabase } from '../../src/db/database.js';

/** SQLite WAL checkpoints off the event loop (db/checkpointer.ts; docs/ARCHITECTURE.md, Off the event loop). */
describe('SQLite checkpointer', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qj-checkpoint-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('the main connection stops checkpointing at its commits; the worker checkpoints the WAL; stop restores the default', async () => {
    const file = path.join(dir, 'a.db');
    const h = openDatabase(file);
    await migrateToLatest(h.db);
    const s = h.sqlite as NonNullable<typeof h.sqlite>;
    expect(s.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    const seen: { log: number; done: number }[] = [];
    const cp = startCheckpointer(h, { intervalMs: 20, minWalBytes: 64 * 1024, onCheckpoint: (r) => seen.push(r) });
    await cp.ready;
    expect(s.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    // ~3,000 pages of commits: with the default the main connection would have checkpointed at 1,000
    s.exec('create table filler (x blob)');
    const ins = s.prepare('insert into filler values (randomblob(8000))');
    for (let i = 0; i < 3000; i++) ins.run();
    // the worker copies every committed frame into the database file (polled, not timed)
    for (let i = 0; i < 500 && !seen.some((r) => r.log >= 3000 && r.done === r.log); i++) await new Promise((r) => setTimeout(r, 20));
    expect(seen.find((r) => r.log >= 3000 && r.done === r.log)).toBeDefined();
    expect(Number((s.prepare('select count(*) as n from filler').get() as { n: number }).n)).toBe(3000);
    await cp.stop();
    expect(s.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await h.close();
  });

  it('nothing for an in-memory database', async () => {
    const h = openDatabase(':memory:');
    const cp = startCheckpointer(h);
    await cp.ready;
    expect(h.sqlite?.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await cp.stop();
    await h.close();
  });
});
