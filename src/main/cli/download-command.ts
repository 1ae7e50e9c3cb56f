import { Option, type Command } from 'commander';
import { REPO_TYPES } from '../../shared/repo-id.js';
import { endpointOption } from './hub-options.js';
import { lazyAction } from './lazy-action.js';

/** `hubkeeper download REPO [FILES...]`, the counterpart of `hf download`. */
export function registerDownloadCommand(program: Command): void {
  program
    .command('download <repo> [files...]')
    .description('download files or a snapshot of a repo into the Hugging Face cache (or --local-dir); resumes after interruptions')
    .option('--include <patterns...>', 'only files matching these glob patterns (as hf download)')
    .option('--exclude <patterns...>', 'skip files matching these glob patterns')
    .option('--revision <rev>', 'branch, tag or commit (default: main)')
    .option('--config <name>', "a dataset's config (from its card or file layout; default: the dataset's default config)")
    .option('--split <name>', "only the files of this split of a dataset (train, test, ...)")
    .addOption(new Option('--repo-type <type>', 'repo type').choices(REPO_TYPES).default('model'))
    .option('--local-dir <dir>', 'put plain files in this folder instead of the cache')
    .option('--cache-dir <dir>', 'the cache folder (default: HF_HUB_CACHE or ~/.cache/huggingface/hub)')
    .addOption(endpointOption())
    .option('--token <token>', 'access token (default: HF_TOKEN or the saved token)')
    .option('--force', 'download again even when cached')
    .option('--max-workers <n>', 'files downloaded at once (default 8)')
    .option('--connections <n>', 'parallel connections per large file (default 8)')
    .option('--limit-rate <rate>', 'bandwidth limit, e.g. 500K, 20M (bytes per second)')
    .option('--quiet', 'no progress bar')
    .option('--extract', 'extract downloaded zip, tar, tar.gz/tgz, tar.xz, gz and xz files (cache: <repo folder>/extracted/<commit>/; local dir: beside the archive)')
    .option('--json', 'print the result as JSON')
    .option('--data <dir>', 'HubKeeper data directory, where download progress is recorded for resuming')
    .action(lazyAction(() => import('./download-action.js'), 'download'));
}
