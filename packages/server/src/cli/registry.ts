import type { Command } from 'commander';

/** Module CLI commands (status, ledger, …) register here. */
export const CLI_COMMANDS: ((program: Command) => void)[] = [];
