import { Option, type Command } from 'commander';
import { REPO_TYPES } from '../../shared/repo-id.js';
import { lazyAction } from './lazy-action.js';

const actions = () => import('./cache-actions.js');

/** `hubkeeper cache ls|rm|prune|verify|move`: the HF cache shared with Python, managed offline. */
export function registerCacheCommand(program: Command): void {
  const cache = program.command('cache').description('inspect, clean, verify and move the Hugging Face cache (shared with Python)');
  const withCommon = (command: Command): Command =>
    command.option('--cache-dir <dir>', 'the cache folder (default: HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub)').option('--json', 'print JSON');

  withCommon(cache.command('ls').description('list cached repos with their size, files, last use and refs'))
    .option('--revisions', 'one row per revision')
    .action(lazyAction(actions, 'list'));
  withCommon(cache.command('rm <targets...>').description('delete repos (org/name, datasets/org/name) or revisions (org/name@rev, or a commit hash)'))
    .addOption(new Option('--repo-type <type>', 'type of repos named without a prefix').choices(REPO_TYPES).default('model'))
    .option('--dry-run', 'show what would go and the space freed, delete nothing')
    .option('-y, --yes', 'do not ask for confirmation')
    .action(lazyAction(actions, 'remove'));
  withCommon(cache.command('prune').description('remove unreferenced blobs, stale downloads and leftovers; with --max-size, also least recently used revisions'))
    .option('--older-than <age>', 'only leftovers older than this (e.g. 30m, 24h, 7d)', '24h')
    .option('--max-size <size>', 'then delete least recently used revisions until the cache fits (e.g. 50G)')
    .option('--dry-run', 'show what would go and the space freed, delete nothing')
    .action(lazyAction(actions, 'prune'));
  withCommon(cache.command('verify [targets...]').description('re-hash every blob against its name (sha256 or git SHA-1) and find broken links'))
    .option('--repair', 'delete corrupt blobs and their snapshot links so the next download fetches them again')
    .action(lazyAction(actions, 'verify'));
  withCommon(cache.command('move <destination>').description('move the whole cache to another folder without downloading anything again'))
    .option('--symlink', 'leave a symlink at the old place pointing to the new one')
    .action(lazyAction(actions, 'move'));
}
