import { Command } from 'commander';
import { registerCoreCommands } from './cli/commands-core.js';
import { CLI_COMMANDS } from './cli/registry.js';

/** The `qiangjian` command line. Commands only parse arguments and call services. */
export function buildProgram(): Command {
  const program = new Command('qiangjian');
  program
    .description('qiangjian — mandatory-verification measuring instrument supervision')
    .option('--db <location>', 'SQLite file or postgres:// URL (default: QIANGJIAN_DB or ./data/qiangjian.db)')
    .option('--json', 'machine-readable JSON output')
    .showHelpAfterError();
  registerCoreCommands(program);
  for (const register of CLI_COMMANDS) register(program);
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
