import { t } from '@qiangjian/shared';
import { Command, type Option } from 'commander';
import { registerCoreCommands } from './cli/commands-core.js';
import { fail, printJson, progressBar } from './cli/output.js';
import { withContext } from './cli/with-context.js';
import { MODULES } from './modules/index.js';
import type { CliKit } from './modules/module.js';

/** What module CLIs get from the shell (they import neither cli/ nor bootstrap.ts). */
const CLI_KIT: CliKit = { withContext, printJson, fail, progressBar };

/** Commander's help headings, in Chinese (commander passes each through `styleTitle`). */
const HELP_TITLES: Readonly<Record<string, string>> = {
  'Usage:': 'cli.help.builtin.title.usage',
  'Arguments:': 'cli.help.builtin.title.arguments',
  'Options:': 'cli.help.builtin.title.options',
  'Global Options:': 'cli.help.builtin.title.globalOptions',
  'Commands:': 'cli.help.builtin.title.commands',
};

/** An option's help line with its default/choices/preset/env in Chinese (same rules as commander's own). */
function optionDescription(option: Option): string {
  const extra: string[] = [];
  if (option.argChoices) extra.push(t('cli.help.builtin.choices', { values: option.argChoices.map((c) => JSON.stringify(c)).join(', ') }));
  const showDefault = option.required || option.optional || (option.isBoolean() && typeof option.defaultValue === 'boolean');
  if (option.defaultValue !== undefined && showDefault)
    extra.push(t('cli.help.builtin.default', { value: option.defaultValueDescription || JSON.stringify(option.defaultValue) }));
  if (option.presetArg !== undefined && option.optional)
    extra.push(t('cli.help.builtin.preset', { value: JSON.stringify(option.presetArg) }));
  if (option.envVar !== undefined) extra.push(t('cli.help.builtin.env', { name: option.envVar }));
  if (!extra.length) return option.description;
  return t('cli.help.builtin.withExtra', { description: option.description, extra: extra.join(t('cli.help.builtin.extraSeparator')) });
}

/** The `qiangjian` command line. Commands only parse arguments and call services. */
export function buildProgram(): Command {
  const program = new Command('qiangjian');
  // before any subcommand: commands copy these settings from their parent when they are created
  program
    .helpOption('-h, --help', t('cli.help.builtin.helpOption'))
    .helpCommand('help [command]', t('cli.help.builtin.helpCommand'))
    .configureHelp({
      styleTitle: (title) => {
        const key = HELP_TITLES[title];
        return key ? t(key) : title;
      },
      optionDescription,
    });
  program
    .description(t('cli.help.root.desc'))
    .option('--db <location>', t('cli.help.root.opt.db'))
    .option('--json', t('cli.help.root.opt.json'))
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
