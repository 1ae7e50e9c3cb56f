import type { Command } from 'commander';
import { endpointOption } from './hub-options.js';
import { lazyAction } from './lazy-action.js';

const actions = () => import('./auth-actions.js');

/**
 * `hubkeeper login | logout | whoami | auth list | auth switch`, on the same files as
 * `hf auth login`: the active token in HF_TOKEN_PATH (default $HF_HOME/token) and named tokens
 * in `stored_tokens` beside it.
 */
export function registerAuthCommands(program: Command): void {
  program
    .command('login')
    .description('check a token against the hub and save it as the active token (shared with `hf auth login`)')
    .option('--token <token>', 'the token (default: asked for, or read from stdin when it is not a terminal)')
    .addOption(endpointOption())
    .action(lazyAction(actions, 'login'));
  program
    .command('logout')
    .description('forget the saved tokens (all of them, or one with --token-name)')
    .option('--token-name <name>', 'forget only this named token')
    .action(lazyAction(actions, 'logoutCommand'));
  program
    .command('whoami')
    .description('show who the active token belongs to')
    .option('--token <token>', 'ask about this token instead of the active one')
    .addOption(endpointOption())
    .option('--json', 'print the hub answer as JSON')
    .action(lazyAction(actions, 'whoami'));
  const auth = program.command('auth').description('manage saved tokens');
  auth.command('list').description('list saved tokens; * marks the active one').action(lazyAction(actions, 'listTokens'));
  auth.command('switch <name>').description('make a saved token the active one').action(lazyAction(actions, 'switchToken'));
}
