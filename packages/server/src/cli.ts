import { Command } from 'commander';
import { registerCoreCommands } from './cli/commands-core.js';
import { fail, printJson, progressBar } from './cli/output.js';
import { withContext } from './cli/with-context.js';
import { MODULES } from './modules/index.js';
import type { CliKit } from './modules/module.js';

/** What module CLIs get from the shell (they import neither cli/ nor bootstrap.ts). */
const CLI_KIT: CliKit = { withContext, printJson, fail, progressBar };

/** The `qiangjian` command line. Commands only parse arguments and call services. */
export function buildProgram(): Command {
  const program = new Command('qiangjian');
  program
    .description('qiangjian — mandatory-verification measuring instrument supervision')
    .option('--db <location>', 'SQLite file or postgres:// URL (default: QIANGJIAN_DB or ./data/qiangjian.db)')
    .option('--json', 'machine-readable JSON output')
    .showHelpAfterError();
  registerCoreCommands(program);
  for (const m of MODULES) m.cli?.(program, CLI_KIT);
  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.exitOverride((err) => {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version') process.exit(0);
    process.exit(2);
  });
  await program.parseAsync(argv);
}
