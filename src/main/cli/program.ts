import { Command, Option } from 'commander';
import { ROLES } from '../../shared/roles.js';
import { appVersion } from '../app-info.js';
import { registerAuthCommands } from './auth-commands.js';
import { registerCacheCommand } from './cache-command.js';
import { registerCatalogCommands } from './catalog-command.js';
import { registerDownloadCommand } from './download-command.js';
import { registerSyncCommands } from './sync-command.js';
import { lazyAction } from './lazy-action.js';
import { reportError } from './report-error.js';

// Each command imports what it needs when it runs: the server's modules cost ~100 MB and
// half a second that `download` or `cache ls` should not pay.
const serverActions = () => import('./server-actions.js');

/**
 * The `hubkeeper` command. Sets `process.exitCode`; `serve` keeps running until SIGINT/SIGTERM.
 * Errors print one line on stderr (with the stack when HUBKEEPER_DEBUG is set).
 */
export async function runCli(argv: readonly string[]): Promise<void> {
  try {
    await buildProgram().parseAsync([...argv]);
  } catch (error) {
    reportError(error);
    process.exitCode = 1;
  }
}

function buildProgram(): Command {
  const program = new Command('hubkeeper')
    .description('HubKeeper: a local Hugging Face Hub-compatible server and model manager')
    .version(appVersion());

  program
    .command('serve')
    .description('run the hub server until interrupted')
    .option('--data <dir>', 'data directory (default: HUBKEEPER_HOME or the OS app-data folder)')
    .option('--host <host>', 'address to listen on; 0.0.0.0 exposes the hub to the network (default: 127.0.0.1)')
    .option('--port <port>', 'port to listen on; 0 picks a free one')
    .action(lazyAction(serverActions, 'serve'));

  const admin = program.command('admin').description('manage users, organizations and tokens (works whether or not the server runs)');
  admin
    .command('create-user <name>')
    .description('create a user')
    .option('--data <dir>', 'data directory')
    .option('--fullname <text>', 'display name')
    .option('--email <address>', 'email address')
    .option('--admin', "mark the user admin: they manage this machine from the UI, as its owner does")
    .action(lazyAction(serverActions, 'createUser'));
  admin
    .command('set-admin <name>')
    .description("mark a user admin (settings, remote hubs, the HF cache, other users' tokens in the UI)")
    .option('--data <dir>', 'data directory')
    .option('--off', 'take the admin mark away again')
    .action(lazyAction(serverActions, 'setAdmin'));
  admin
    .command('create-token <user>')
    .description("create a token for a user and print it (it is not shown again)")
    .option('--data <dir>', 'data directory')
    .addOption(new Option('--role <role>', 'what the token may do').choices(ROLES).default('write'))
    .option('--name <display>', 'a name to recognise the token by', 'cli')
    .option('--value <token>', 'import this hf_... token instead of generating one (as HUBKEEPER_BOOTSTRAP_TOKEN does)')
    .action(lazyAction(serverActions, 'createToken'));
  admin
    .command('create-org <name>')
    .description('create an organization (a namespace its members share)')
    .option('--data <dir>', 'data directory')
    .option('--fullname <text>', 'display name')
    .action(lazyAction(serverActions, 'createOrg'));
  admin
    .command('add-member <org> <user>')
    .description("add a user to an organization, or change a member's role")
    .option('--data <dir>', 'data directory')
    .addOption(new Option('--role <role>', "what the member may do in the organization's repos").choices(ROLES).default('write'))
    .action(lazyAction(serverActions, 'addMember'));
  admin
    .command('list-tokens [user]')
    .description("list tokens (every user's, or one user's): id, user, name, role, created, last use, last four characters")
    .option('--data <dir>', 'data directory')
    .option('--json', 'print JSON')
    .action(lazyAction(serverActions, 'listTokens'));
  admin
    .command('revoke-token <user> <token>')
    .description('revoke a token, named by its name or id: it stops working at once, and so do UI sessions signed in with it')
    .option('--data <dir>', 'data directory')
    .action(lazyAction(serverActions, 'revokeToken'));
  admin
    .command('gc')
    .description('delete objects and blob files no branch or tag reaches any more (after the grace period)')
    .option('--data <dir>', 'data directory')
    .option('--grace-seconds <n>', 'spare anything younger than this (default: HUBKEEPER_GC_GRACE_SECONDS)')
    .action(lazyAction(serverActions, 'collectGarbage'));
  admin
    .command('fsck')
    .description('check that every ref resolves, every object and content file it reaches exists and hashes to its id, and no temp file is left; exits 1 with the problems')
    .option('--data <dir>', 'data directory')
    .option('--no-rehash', 'check sizes only, do not re-hash content files')
    .action(lazyAction(serverActions, 'checkStore'));
  registerDownloadCommand(program);
  registerCacheCommand(program);
  registerAuthCommands(program);
  registerCatalogCommands(program);
  registerSyncCommands(program);
  return program;
}

