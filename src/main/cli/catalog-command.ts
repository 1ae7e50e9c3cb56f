import { Option, type Command } from 'commander';
import { REPO_TYPES } from '../../shared/repo-id.js';
import { lazyAction } from './lazy-action.js';

const actions = () => import('./catalog-actions.js');
const outdatedActions = () => import('./outdated-action.js');
const CACHE_DIR_HELP = 'the HF cache folder (default: HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub)';
const reportActions = () => import('./catalog-report-actions.js');

/** `hubkeeper track add|ls|rm|refresh`, `find` and `diff`: structures of remote repos, queried offline. */
export function registerCatalogCommands(program: Command): void {
  const data = (command: Command): Command => command.option('--data <dir>', 'data directory (default: HUBKEEPER_HOME or the OS app-data folder)');
  const json = (command: Command): Command => command.option('--json', 'print JSON: an array of objects');
  const repoType = (fallback?: string): Option => {
    const option = new Option('--repo-type <type>', 'model, dataset or space').choices(REPO_TYPES);
    return fallback === undefined ? option : option.default(fallback);
  };
  const narrowing = (command: Command): Command =>
    command
      .option('--endpoint <url>', 'only the repo tracked on this hub')
      .addOption(repoType())
      .option('--revision <rev>', 'only the repo tracked at this revision');

  const factsFilters = (command: Command): Command =>
    command
      .option('--arch <name>', 'only models whose architecture contains this (llama matches LlamaForCausalLM)')
      .option('--model-type <type>', 'only this model_type')
      .option('--min-params <count>', 'at least this many parameters (7B, 500M)')
      .option('--max-params <count>', 'at most this many parameters')
      .option('--dtype <dtype>', 'only models stored in this dtype (bf16, F16, ...)')
      .option('--quant <type>', 'only this quantisation (Q4_K_M, gptq, ...)')
      .option('--license <license>', 'only this license')
      .option('--library <name>', 'only this library_name')
      .option('--format <format>', 'only models with weights in this format: safetensors, gguf, pickle or onnx')
      .option('--fits <size>', 'only models whose weights load in this much memory (16GB)');
  const track = program.command('track').description("track remote repos' structures (paths, sizes, hashes) to query them offline");
  json(data(track.command('add <repo>').description('track a repo on any Hugging Face-compatible hub and fetch its structure')))
    .option('--endpoint <url>', 'the hub (default: HF_ENDPOINT, else https://huggingface.co)')
    .addOption(repoType('model'))
    .option('--revision <rev>', 'branch, tag or commit to track (default: main)')
    .option('--all-refs', 'track every branch and tag (not with --revision)')
    .option('--every <period>', 'how often the running server refreshes it: 30m, 6h, 24h, 2d or never', '24h')
    .option('--token <token>', 'token for this command only (later refreshes use the token saved for the hub)')
    .action(lazyAction(actions, 'trackAdd'));
  factsFilters(json(data(track.command('ls').description('list tracked repos: revision, commit, files, size, last check, next scheduled refresh and last error; filter on model facts')))).action(lazyAction(actions, 'trackList'));
  data(narrowing(track.command('rm <repo>').description('stop tracking a repo and forget its structures'))).action(lazyAction(actions, 'trackRemove'));
  const trackRefresh = lazyAction(actions, 'trackRefresh');
  const refreshCache = lazyAction(outdatedActions, 'refreshCache');
  json(data(narrowing(track.command('refresh [repo]').description('fetch the structure of tracked repos whose commit changed (all without a repo)'))))
    .option('--token <token>', 'token for this command only')
    .option('--cache', 'index every repo of the HF cache instead (no network)')
    .option('--cache-dir <dir>', CACHE_DIR_HELP)
    .action((repo: unknown, options: { cache?: boolean }, command: unknown) => (options.cache ? refreshCache(repo, options, command) : trackRefresh(repo, options, command)));

  json(data(program.command('find').description('find files in the tracked structures by hash, glob, extension or name')))
    .option('--hash <hex>', 'a git oid (40 hex digits) or sha256 (64)')
    .option('--file <glob>', 'a glob over paths; without "/" it matches file names at any depth')
    .option('--ext <ext>', 'a file extension, such as gguf')
    .option('--name <text>', 'text the file name contains')
    .action(lazyAction(actions, 'find'));
  json(data(narrowing(program.command('facts <repo>').description("a tracked repo's model facts, read without downloading its weights")))).action(lazyAction(actions, 'facts'));
  json(data(narrowing(program.command('diff <repo> <from> <to>').description('what changed between two stored revisions of a tracked repo (commits or tracked revision names)'))))
    .action(lazyAction(actions, 'diff'));

  json(data(program.command('outdated').description('cached snapshots (HF cache refs) behind upstream: what changed and what an update downloads')))
    .option('--cache-dir <dir>', CACHE_DIR_HELP)
    .option('--endpoint <url>', 'the hub the cache came from (default: HF_ENDPOINT, else https://huggingface.co)')
    .option('--token <token>', 'token for this command only')
    .addHelpText('after', '\nLocal-hub mirrors (pulled from another hub by sync) are not listed yet: sync does not exist so far.')
    .action(lazyAction(outdatedActions, 'outdated'));

  data(track.command('export <repo>').description("print a stored structure as the seed model manager's JSON (files with sizes, hashes and download URLs)"))
    .option('--endpoint <url>', 'only the repo tracked on this hub')
    .addOption(repoType())
    .option('--revision <rev>', 'a tracked branch or tag, or a stored commit (default: the current one)')
    .action(lazyAction(reportActions, 'trackExport'));
  json(data(narrowing(program.command('stats [repo]').description('files, sizes, LFS share, largest files and extensions of the tracked structures (or of one repo)'))))
    .action(lazyAction(reportActions, 'stats'));
  json(data(program.command('duplicates').description('content held by more than one tracked repo or revision: bytes wasted on disk, bytes a download can reuse')))
    .option('--hash <hex>', 'list the places (repo, revision, path) of this content instead: a git oid or sha256')
    .option('--limit <n>', 'list at most this many contents (or places, with --hash); default 100')
    .option('--offset <n>', 'skip this many contents (or places) first; default 0')
    .option('--places <n>', 'places shown per content (its place count is always given); default 3')
    .action(lazyAction(reportActions, 'duplicates'));
  json(data(narrowing(program.command('similar <repo>').description('the tracked repos most like this one (shared bytes, then shared paths), or what it shares with another'))))
    .option('--with <repo>', 'compare with this tracked repo only')
    .action(lazyAction(reportActions, 'similar'));
}
