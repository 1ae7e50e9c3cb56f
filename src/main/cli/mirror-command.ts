import { Option, type Command } from 'commander';
import { REPO_TYPES } from '../../shared/repo-id.js';
import { lazyAction } from './lazy-action.js';

const actions = () => import('./mirror-actions.js');
const DATA = 'HubKeeper data directory (default: HUBKEEPER_HOME or the OS app-data folder)';
const repoType = () => new Option('--repo-type <type>', 'model, dataset or space').choices(REPO_TYPES).default('model');

/** `hubkeeper mirror ...` (pull schedules the server runs) and `hubkeeper sync status`. */
export function registerMirrorCommands(program: Command): void {
  const mirror = program
    .command('mirror')
    .description('pull a remote repo into the local hub on a schedule, run by the server (hubkeeper serve or the desktop app); never deletes local history')
    .argument('[repo]', 'the repo id, on the remote and here')
    .option('--from <remote>', 'a remote name (see hubkeeper remote ls) or a hub URL')
    .option('--every <period>', 'how often: 30m, 6h, 24h, 2d, or never (on demand only)', '6h')
    .option('--history', 'mirror the remote\'s commits (one local commit per remote commit)')
    .option('--all-refs', 'mirror every branch and tag')
    .addOption(repoType())
    .option('--json', 'print the mirror as JSON')
    .option('--data <dir>', DATA)
    .action(lazyAction(actions, 'mirrorAdd'));
  mirror
    .command('ls')
    .description('list the mirrors: repo, remote, schedule, next run, and the result of the last run')
    .option('--json', 'print JSON')
    .option('--data <dir>', DATA)
    .action(withParentOptions(lazyAction(actions, 'mirrorList')));
  mirror
    .command('rm <repo>')
    .description('stop mirroring a repo (from one remote with --from); what was pulled stays')
    .option('--from <remote>', 'only the mirror from this remote')
    .addOption(repoType())
    .option('--data <dir>', DATA)
    .action(withParentOptions(lazyAction(actions, 'mirrorRemove')));

  program
    .command('sync')
    .description('how local repos stand against their remotes')
    .command('status <repo>')
    .description('linked remotes (from pulls, pushes and mirrors), commits ahead and behind each, and "update available" where the repo is tracked')
    .addOption(repoType())
    .option('--json', 'print JSON')
    .option('--data <dir>', DATA)
    .action(lazyAction(actions, 'syncStatus'));
}

/**
 * `mirror` has options of its own (`mirror REPO --from R`), so commander gives `--data`, `--from`
 * and `--json` after `mirror ls` / `mirror rm` to the parent: the action gets both, the
 * subcommand's winning.
 */
function withParentOptions(action: (...args: unknown[]) => Promise<void>): (...args: unknown[]) => Promise<void> {
  return (...args: unknown[]) => {
    const command = args.at(-1) as Command;
    return action(...args.slice(0, -2), command.optsWithGlobals(), command);
  };
}
