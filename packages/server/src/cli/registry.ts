import type { Command } from 'commander';
import { FEATURE_MODULES } from '../modules/index.js';

/** Module CLI commands (status, ledger, …) come from the feature modules. */
export const CLI_COMMANDS: ((program: Command) => void)[] = FEATURE_MODULES.flatMap((m) => (m.cli ? [m.cli] : []));
