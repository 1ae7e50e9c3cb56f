import { Command, Option } from 'commander';
import { REPO_TYPES } from '../../shared/repo-id.js';
import { appVersion } from '../app-info.js';
import { registerAuthCommands } from './auth-commands.js';
import { registerCacheCommand } from './cache-command.js';
import { registerCatalogCommands } from './catalog-command.js';
import { registerDownloadCommand } from './download-command.js';
import { roleOption } from './hub-options.js';
import { registerMirrorCommands } from './mirror-command.js';
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
  const adminCommand = (spec: string, description: string): Command =>
    admin.command(spec).description(description).option('--data <dir>', 'data directory');
  adminCommand('create-user <name>', 'create a user')
    .option('--fullname <text>', 'display name')
    .option('--email <address>', 'email address')
    .option('--admin', "mark the user admin: they manage this machine from the UI, as its owner does")
    .action(lazyAction(serverActions, 'createUser'));
  adminCommand('set-admin <name>', "mark a user admin (settings, remote hubs, the HF cache, other users' tokens in the UI)")
    .option('--off', 'take the admin mark away again')
    .action(lazyAction(serverActions, 'setAdmin'));
  adminCommand('create-token <user>', "create a token for a user and print it (it is not shown again)")
    .addOption(roleOption('what the token may do'))
    .option('--name <display>', 'a name to recognise the token by', 'cli')
    .option('--value <token>', 'import this hf_... token instead of generating one (as HUBKEEPER_BOOTSTRAP_TOKEN does)')
    .action(lazyAction(serverActions, 'createToken'));
  adminCommand('create-org <name>', 'create an organization (a namespace its members share)')
    .option('--fullname <text>', 'display name')
    .action(lazyAction(serverActions, 'createOrg'));
  adminCommand('add-member <org> <user>', "add a user to an organization, or change a member's role")
    .addOption(roleOption("what the member may do in the organization's repos"))
    .action(lazyAction(serverActions, 'addMember'));
  adminCommand('list-tokens [user]', "list tokens (every user's, or one user's): id, user, name, role, created, last use, last four characters")
    .option('--json', 'print JSON')
    .action(lazyAction(serverActions, 'listTokens'));
  adminCommand('revoke-token <user> <token>', 'revoke a token, named by its name or id: it stops working at once, and so do UI sessions signed in with it')
    .action(lazyAction(serverActions, 'revokeToken'));
  adminCommand('gc', 'delete objects and blob files no branch or tag reaches any more (after the grace period)')
    .option('--grace-seconds <n>', 'spare anything younger than this (default: HUBKEEPER_GC_GRACE_SECONDS)')
    .action(lazyAction(serverActions, 'collectGarbage'));
  adminCommand('fsck', 'check that every ref resolves, every object and content file it reaches exists and hashes to its id, and no temp file is left; exits 1 with the problems')
    .option('--no-rehash', 'check sizes only, do not re-hash content files')
    .action(lazyAction(serverActions, 'checkStore'));
  program
    .command('import <folder>')
    .description(
      'import a model folder into a local hub repo as one commit (created if missing): content shared with the folder (reflink, else read-only hard link), not copied; a later import commits only what changed',
    )
    .requiredOption('--as <name>', 'the local repo, NAMESPACE/NAME')
    .addOption(new Option('--repo-type <type>', 'repo type').choices(REPO_TYPES).default('model'))
    .option('--message <text>', 'the commit title (default: "Import FOLDER-NAME")')
    .option('--dry-run', 'show what an import would add, modify and remove, and write nothing')
    .option('--json', 'print {repo, repoType, folder, created, commit, parent, dryRun, diff}')
    .option('--data <dir>', 'data directory')
    .action(lazyAction(() => import('./import-action.js'), 'importCommand'));
  registerDownloadCommand(program);
  registerCacheCommand(program);
  registerAuthCommands(program);
  registerCatalogCommands(program);
  registerSyncCommands(program);
  registerMirrorCommands(program);
  return program;
}

