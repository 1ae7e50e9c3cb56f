import { Option, type Command } from 'commander';
import { REPO_TYPES } from '../../shared/repo-id.js';
import { lazyAction } from './lazy-action.js';

const actions = () => import('./sync-actions.js');
const DATA = 'HubKeeper data directory (default: HUBKEEPER_HOME or the OS app-data folder)';

/** `hubkeeper remote ...` (the hubs saved in Settings) `hubkeeper pull` and `hubkeeper push`. Mirror schedules are not built yet. */
export function registerSyncCommands(program: Command): void {
  const remote = program.command('remote').description('the remote hubs to pull from (the hubs saved in Settings; Hugging Face is built in)');
  remote
    .command('add <name> <url>')
    .description('save a remote hub; its token is kept in a file only you can read, never printed')
    .option('--token <token>', 'access token for that hub')
    .option('--data <dir>', DATA)
    .action(lazyAction(actions, 'remoteAdd'));
  remote
    .command('ls')
    .description('list the remotes: name, address, whether a token is saved (tokens are never shown)')
    .option('--json', 'print JSON')
    .option('--data <dir>', DATA)
    .action(lazyAction(actions, 'remoteList'));
  remote
    .command('rm <name>')
    .description('forget a remote and its token')
    .option('--data <dir>', DATA)
    .action(lazyAction(actions, 'remoteRemove'));
  remote
    .command('test <name>')
    .description('check a remote: reachable, who its token belongs to (whoami-v2), its role and scopes where the hub says')
    .option('--json', 'print JSON')
    .option('--data <dir>', DATA)
    .action(lazyAction(actions, 'remoteTest'));

  program
    .command('pull <repo>')
    .description(
      'mirror a remote repo into the local hub: one revision as one commit whose tree equals the remote\'s (or its history, or every branch and tag), fetching only what the hub store and the HF cache lack; resumes after interruptions',
    )
    .requiredOption('--from <remote>', 'a remote name (see hubkeeper remote ls) or a hub URL')
    .option('--token <token>', 'access token (default: the one saved for that hub)')
    .addOption(new Option('--repo-type <type>', 'repo type').choices(REPO_TYPES).default('model'))
    .option('--revision <rev>', 'branch, tag or commit to pull (default: main); a branch pulls into the local branch of that name')
    .option('--include <patterns...>', 'only files matching these glob patterns, and .gitattributes (the tree then differs from the remote\'s)')
    .option('--exclude <patterns...>', 'skip files matching these glob patterns')
    .option('--as <name>', 'the local repo, NAMESPACE/NAME (default: the remote repo id)')
    .option('--history', 'mirror the remote\'s commits: one local commit per remote commit (title, message, author, date), tree oids equal at each; reruns replay only new commits')
    .option('--all-refs', 'mirror every branch and tag (a branch deleted on the remote is reported, never deleted here)')
    .option('--dry-run', 'show the files and bytes a pull would fetch, and move nothing')
    .option('--quiet', 'no progress bar')
    .option('--json', 'print {repo, localCommit, remoteCommit, filesTransferred, bytesTransferred, filesReused, ...}')
    .option('--data <dir>', DATA)
    .action(lazyAction(actions, 'pull'));

  program
    .command('push <repo>')
    .description(
      'publish a local repo to a remote hub (HF upload protocol), sending only files whose oid differs from the remote\'s; refuses when the remote moved since the last pull or push (--force overwrites)',
    )
    .requiredOption('--to <remote>', 'a remote name (see hubkeeper remote ls) or a hub URL')
    .option('--token <token>', 'access token (default: the one saved for that hub)')
    .addOption(new Option('--repo-type <type>', 'repo type').choices(REPO_TYPES).default('model'))
    .option('--revision <rev>', 'local branch, tag or commit to push (default: main); a branch goes to the remote branch of that name, else to main')
    .option('--as <name>', 'the remote repo id (default: the local one)')
    .option('--create', 'create the remote repo when it does not exist')
    .option('--private', 'with --create: make it private')
    .option('--force', 'push even when the remote moved since the last sync: a commit on its head whose tree is the local one')
    .option('--dry-run', 'show the files and bytes a push would send, and whether it would be refused; send nothing')
    .option('--quiet', 'no progress bar')
    .option('--json', 'print {repo, localCommit, remoteCommit, filesTransferred, bytesTransferred, ...}')
    .option('--data <dir>', DATA)
    .action(lazyAction(() => import('./push-action.js'), 'push'));
}
