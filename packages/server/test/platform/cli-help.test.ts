import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram } from '../../src/cli.js';
import { REPO_ROOT } from '../../src/config.js';

/** The CLI's --help texts come from the zh-CN catalog (issue 15 §5): a command with English help fails here. */

const CJK = /[\u4e00-\u9fff]/;
const run = promisify(execFile);
const BIN = path.join(REPO_ROOT, 'packages/server/bin/qiangjian.mjs');

interface HelpText {
  where: string;
  text: string;
}

/** Every description a user can reach through --help: commands, their options (with -h) and arguments, the help command. */
function helpTexts(cmd: Command, where: string, out: HelpText[]): HelpText[] {
  const help = cmd.createHelp();
  out.push({ where: `${where} (description)`, text: cmd.description() });
  for (const o of help.visibleOptions(cmd)) out.push({ where: `${where} ${o.flags}`, text: o.description });
  for (const a of cmd.registeredArguments) out.push({ where: `${where} <${a.name()}>`, text: a.description });
  for (const sub of help.visibleCommands(cmd)) {
    if (cmd.commands.includes(sub)) helpTexts(sub, `${where} ${sub.name()}`, out);
    // the built-in help command: its line in the command list
    else out.push({ where: `${where} ${sub.name()} (built-in)`, text: sub.description() });
  }
  return out;
}

describe('qiangjian --help is Chinese', () => {
  const texts = helpTexts(buildProgram(), 'qiangjian', []);

  it('walks the whole command tree', () => {
    const where = texts.map((h) => h.where);
    // a few hand-picked entries from different modules and depths, so the walk cannot silently stop at the root
    expect(where).toContain('qiangjian --db <location>');
    expect(where).toContain('qiangjian -h, --help');
    expect(where).toContain('qiangjian help (built-in)');
    expect(where).toContain('qiangjian db backup <file>');
    expect(where).toContain('qiangjian user reset-password <username>');
    expect(where).toContain('qiangjian inspector conflict add --cert <cert>');
    expect(where).toContain('qiangjian report attachment3 --format <format>');
    expect(where).toContain('qiangjian status refresh --exclusive');
  });

  it('every command, option and argument description is non-empty and has a Chinese character', () => {
    const english = texts.filter((h) => !h.text || !CJK.test(h.text)).map((h) => `${h.where}: ${JSON.stringify(h.text)}`);
    expect(english).toEqual([]);
  });

  it('the catalog texts arrive as written (command names and flags stay English)', () => {
    const byWhere = new Map(texts.map((h) => [h.where, h.text]));
    expect(byWhere.get('qiangjian db backup <file>')).toBe('备份文件路径');
    expect(byWhere.get('qiangjian user create --role <role>')).toBe('角色：admin|regulator|inspector|enterprise|institution|viewer');
  });

  it('the real process prints Chinese headings and texts for --help', async () => {
    const r = await run(process.execPath, [BIN, '--help'], { env: { ...process.env, QIANGJIAN_LOG: 'silent' } });
    expect(r.stdout).toContain('用法：');
    expect(r.stdout).toContain('选项：');
    expect(r.stdout).toContain('命令：');
    expect(r.stdout).toContain('强检计量器具监管平台（qiangjian）命令行工具');
    expect(r.stdout).toContain('  serve [options]');
    expect(r.stdout).toContain('显示帮助');
    expect(r.stdout).not.toContain('Usage:');
    expect(r.stdout).not.toContain('display help for command');
  });
});
