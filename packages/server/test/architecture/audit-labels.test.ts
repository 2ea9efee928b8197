import fs from 'node:fs';
import path from 'node:path';
import { hasKey } from '@qiangjian/shared';
import { describe, expect, it } from 'vitest';
import { CHAIN_OPENED_ACTION } from '../../src/audit/audit.rules.js';
import { REPO_ROOT } from '../../src/config.js';
import { COMPLAINT_ACTIONS } from '../../src/modules/complaints/complaints.service.js';
import { type AuditCall, scanAuditCalls, sourceFiles } from './audit-calls.js';

/**
 * Every audit action and entity type the server records has a zh-CN label (`audit.action.<action>`,
 * `audit.entity.<type>`), so the 审计日志 page never shows a raw code. The calls are found by scanning
 * packages/server/src (audit-calls.ts); a computed action or entity type must be listed in DYNAMIC with the values
 * it takes, and an event passed as a variable in INDIRECT, so a new one cannot slip past the scan.
 */
const SRC = path.join(REPO_ROOT, 'packages', 'server', 'src');
const rel = (f: string) => path.relative(SRC, f).split(path.sep).join('/');

/** The string literals of a union type alias in a source file (`export type X = 'a' | 'b';`). */
function unionOf(file: string, typeName: string): string[] {
  const src = fs.readFileSync(path.join(SRC, file), 'utf8');
  const head = `export type ${typeName} = `;
  const at = src.indexOf(head);
  if (at === -1) throw new Error(`${typeName} not found in ${file}`);
  const body = src.slice(at + head.length, src.indexOf(';', at));
  return body.split('|').map((p) => p.trim().replace(/^'|'$/g, ''));
}

const OVERSIGHT = 'modules/verification/institutions/oversight.service.ts';
const oversightKinds = unionOf(OVERSIGHT, 'OversightKind');
/** file → computed value (as the scan reads it) → the values it takes */
const DYNAMIC: Record<string, Record<string, string[]>> = {
  [OVERSIGHT]: {
    '${kind}_updated': oversightKinds.map((k) => `${k}_updated`),
    '${kind}_deleted': oversightKinds.map((k) => `${k}_deleted`),
    // createCertified: a standard or a verifier
    '${kind}_created': ['standard_created', 'verifier_created'],
    '<kind>': oversightKinds,
  },
  // a photo or a signature added to an inspection record
  'modules/supervision/inspections/inspections.service.ts': { '<f>': ['inspection_photo_added', 'inspection_signed'] },
  // the handling steps of a complaint, recorded by act() (docs/COMPLAINTS.md)
  'modules/complaints/complaints.service.ts': { '<audit>': [...COMPLAINT_ACTIONS] },
};
/** Calls passing an event through (file → the call's text): recordAuditAlone hands its event to recordAudit. */
const INDIRECT: Record<string, string> = { 'audit/audit.service.ts': '(ctx, trx, actor, event, orgId)' };
/** Entries written without recordAudit: the platform chain's registration of a new chain (audit.service.ts). */
const DIRECT = { actions: [CHAIN_OPENED_ACTION], entityTypes: ['audit_chain'] };

function scanAll(): AuditCall[] {
  return sourceFiles(SRC).flatMap((f) => scanAuditCalls(f, fs.readFileSync(f, 'utf8')));
}

function expand(file: string, values: string[], unknown: string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    if (!v.includes('${') && !v.startsWith('<')) {
      out.push(v);
      continue;
    }
    const known = DYNAMIC[file]?.[v];
    if (known) out.push(...known);
    else unknown.push(`${file}: ${v}`);
  }
  return out;
}

describe('audit labels', () => {
  const calls = scanAll();
  const unknown: string[] = [];
  const actions = new Set<string>(DIRECT.actions);
  const entityTypes = new Set<string>(DIRECT.entityTypes);
  for (const c of calls) {
    for (const a of expand(rel(c.file), c.actions, unknown)) actions.add(a);
    for (const e of expand(rel(c.file), c.entityTypes, unknown)) entityTypes.add(e);
  }

  it('finds the recording calls (the scan works)', () => {
    expect(calls.length).toBeGreaterThan(40);
    expect(actions).toContain('login');
    expect(actions).toContain('verifier_deleted');
    expect(entityTypes).toContain('organization');
  });

  it('reads an action in every call (an event passed as a variable is listed in INDIRECT)', () => {
    const unreadable = calls
      .filter((c) => c.unreadable && INDIRECT[rel(c.file)] !== c.unreadable)
      .map((c) => `${rel(c.file)}:${c.line} ${c.unreadable}`);
    expect(unreadable).toEqual([]);
  });

  it('knows the values of every computed action and entity type (DYNAMIC)', () => {
    expect(unknown).toEqual([]);
  });

  it('labels every action recorded anywhere (audit.action.<action>)', () => {
    const missing = [...actions].filter((a) => !hasKey(`audit.action.${a}`)).sort();
    expect(missing, `actions without a zh-CN label (add audit.action.<name> to packages/shared/src/i18n/zh-CN/audit.ts)`).toEqual([]);
  });

  it('labels every entity type recorded anywhere (audit.entity.<type>)', () => {
    const missing = [...entityTypes].filter((e) => !hasKey(`audit.entity.${e}`)).sort();
    expect(missing, `entity types without a zh-CN label (add audit.entity.<type> to packages/shared/src/i18n/zh-CN/audit.ts)`).toEqual([]);
  });

  it('the scan reads literal, template and variable values and skips strings and comments', () => {
    const src = [
      "// recordAudit(ctx, trx, actor, { action: 'in_a_comment' })",
      "const s = 'recordAudit(';",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text to scan
      "await recordAudit(ctx, trx, actor, { action: 'a_one', entityType: 'thing', entityId: f(')'), data: { x: `(${y})` } });",
      'await recordAuditAlone(ctx, actor, {',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: source text to scan
      '  action: `${kind}_updated`,',
      '  entityType: kind,',
      '});',
      'await recordAudit(ctx, trx, actor, event);',
    ].join('\n');
    const found = scanAuditCalls('x.ts', src);
    expect(found.map((c) => [c.line, c.actions, c.entityTypes, c.unreadable])).toEqual([
      [3, ['a_one'], ['thing'], undefined],
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the template's source text, as the scan reads it
      [4, ['${kind}_updated'], ['<kind>'], undefined],
      [8, [], [], '(ctx, trx, actor, event)'],
    ]);
  });
});
