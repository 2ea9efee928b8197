import fs from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { loadReferenceData } from '../src/bootstrap.js';
import { loadConfig, REPO_ROOT, testPgUrl } from '../src/config.js';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { systemClock } from '../src/time.js';

/** Migrates one template database per run; each test file clones it (test/db.ts). */
export default async function setup(project: TestProject) {
  const runId = `${process.pid}_${Date.now().toString(36)}`;
  const pgUrl = testPgUrl();
  if (pgUrl) {
    const admin = new (await import('pg')).default.Client({ connectionString: pgUrl });
    await admin.connect();
    const tmpl = `qj_tmpl_${runId}`;
    await admin.query(`create database ${tmpl}`);
    const url = withDatabase(pgUrl, tmpl);
    const h = openDatabase(url, { poolSize: 2 });
    await migrateToLatest(h.db);
    await loadReferenceData({ db: h.db, engine: h.engine, handle: h, clock: systemClock, config: loadConfig({ db: url }) });
    await h.close();
    project.provide('qjEngine', 'postgres');
    project.provide('qjTemplate', tmpl);
    project.provide('qjPgUrl', pgUrl);
    return async () => {
      const res = await admin.query(`select datname from pg_database where datname like $1`, [`qj_t_${runId.split('_')[0]}%`]);
      for (const r of res.rows as { datname: string }[]) await admin.query(`drop database if exists ${r.datname} with (force)`);
      await admin.query(`drop database if exists ${tmpl} with (force)`);
      await admin.end();
    };
  }
  const dir = path.join(REPO_ROOT, '.tmp', 'test');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `template_${runId}.db`);
  const h = openDatabase(file);
  await migrateToLatest(h.db);
  await loadReferenceData({ db: h.db, engine: h.engine, handle: h, clock: systemClock, config: loadConfig({ db: file }) });
  h.sqlite?.pragma('wal_checkpoint(TRUNCATE)');
  h.sqlite?.pragma('journal_mode = DELETE');
  await h.close();
  project.provide('qjEngine', 'sqlite');
  project.provide('qjTemplate', file);
  project.provide('qjPgUrl', '');
  return async () => {
    for (const f of fs.readdirSync(dir)) if (f.includes(runId.split('_')[0] as string)) fs.rmSync(path.join(dir, f), { force: true });
  };
}

export function withDatabase(url: string, dbName: string): string {
  const u = new URL(url);
  u.pathname = `/${dbName}`;
  return u.toString();
}

declare module 'vitest' {
  export interface ProvidedContext {
    qjEngine: 'sqlite' | 'postgres';
    qjTemplate: string;
    qjPgUrl: string;
  }
}
