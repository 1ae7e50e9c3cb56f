// The action of `hubkeeper download` (see download-command.ts).
import { mkdirSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { AppError } from '../../shared/errors.js';
import type { RepoType } from '../../shared/repo-id.js';
import { DownloadEngine, engineOptionsFromConfig, parseDownloadRequest, extractDownloads, isCommitId, type DownloadedFiles, type ExtractDownloadsReport } from '../download/index.js';
import { repoFolderName } from '../cache/index.js';
import { loadConfig, type Config, type ConfigOverrides } from '../config.js';
import { DATABASE_FILE, createDownloadsTable, openDatabase } from '../db/index.js';
import { createStore } from '../store/index.js';
import { createProgressDisplay, showFilesProgress } from './progress-bars.js';
import { runResumable } from './resumable-run.js';

interface DownloadOptions {
  readonly include?: string[];
  readonly exclude?: string[];
  readonly revision?: string;
  readonly config?: string;
  readonly split?: string;
  readonly repoType: RepoType;
  readonly localDir?: string;
  readonly cacheDir?: string;
  readonly endpoint?: string;
  readonly token?: string;
  readonly force?: boolean;
  readonly maxWorkers?: string;
  readonly connections?: string;
  readonly limitRate?: string;
  readonly quiet?: boolean;
  readonly json?: boolean;
  readonly data?: string;
  readonly extract?: boolean;
}


export async function download(repo: string, files: string[], options: DownloadOptions): Promise<void> {
  const overrides: ConfigOverrides = {
    ...(options.data === undefined ? {} : { dataDir: options.data }),
    ...(options.cacheDir === undefined ? {} : { hubCache: options.cacheDir }),
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
  };
  const config = loadConfig(undefined, overrides);
  mkdirSync(config.dataDir, { recursive: true });
  const db = openDatabase(join(config.dataDir, DATABASE_FILE));
  // Content the hub of this data dir holds (its repos, pulled mirrors) is linked into the cache, not downloaded.
  const store = createStore({ db, dataDir: config.dataDir, lfsThreshold: config.lfsThreshold });
  const engine = new DownloadEngine({ ...engineOptions(config, options, createDownloadsTable(db)), localContent: (hash, size) => store.contentFile(hash, size) });
  const bars = !options.quiet && process.stderr.isTTY && config.hf.disableProgressBars !== true;
  try {
    await runResumable(async (signal) => {
      const call = { signal, ...(options.token === undefined ? {} : { token: options.token }) };
      const request = {
        repoId: repo,
        repoType: options.repoType,
        ...(options.revision === undefined ? {} : { revision: options.revision }),
        ...(options.localDir === undefined ? {} : { localDir: options.localDir }),
        ...(options.force ? { force: true } : {}),
        ...(options.config === undefined ? {} : { config: options.config }),
        ...(options.split === undefined ? {} : { split: options.split }),
      };
      const bySplit = options.config !== undefined || options.split !== undefined;
      if (bySplit && files.length > 0) throw new AppError('BadRequest', '--config and --split choose the files themselves: name no files with them');
      if (files.length === 1 && files[0] !== undefined && !options.include && !options.exclude) {
        const file = files[0];
        const display = createProgressDisplay(file, bars);
        const { path } = await engine
          .download(parseDownloadRequest({ ...request, files: [file] }), { ...call, onProgress: (p) => display.update(p.bytesDone, p.bytesTotal) })
          .finally(() => display.stop());
        const extraction = options.extract ? await extractStep(downloadedIn(config, options, repo, path, file), [file], options, signal) : undefined;
        report({ path, files: [file] }, extraction, options);
        return;
      }
      if (files.length > 0 && (options.include || options.exclude)) {
        process.stderr.write('hubkeeper: --include/--exclude are ignored when files are named\n');
      }
      const display = createProgressDisplay(`Fetching ${repo}`, bars);
      const snapshot = parseDownloadRequest({
        ...request,
        ...(files.length > 0 ? { allowPatterns: files } : options.include ? { allowPatterns: options.include } : {}),
        ...(files.length === 0 && options.exclude ? { ignorePatterns: options.exclude } : {}),
      });
      const result = await engine
        .download(snapshot, { ...call, onProgress: showFilesProgress(display) })
        .finally(() => display.stop());
      if (result.fromCache) process.stderr.write(`hubkeeper: could not reach the hub; using the cached snapshot of ${repo}\n`);
      const where: DownloadedFiles =
        options.localDir === undefined ? { kind: 'cache', repoDir: dirname(dirname(result.path)), commit: basename(result.path) } : { kind: 'local-dir', localDir: result.path };
      const extraction = options.extract ? await extractStep(where, result.files, options, signal) : undefined;
      report({ ...result, commit: result.commit ?? '' }, extraction, options);
    });
  } finally {
    await engine.close();
    db.close();
  }
}

/** Where a single downloaded file sits: the cache path ends in snapshots/<commit>/<file>. */
function downloadedIn(config: Config, options: DownloadOptions, repo: string, path: string, file: string): DownloadedFiles {
  if (options.localDir !== undefined) return { kind: 'local-dir', localDir: options.localDir };
  const repoDir = join(config.hf.hubCache, repoFolderName(options.repoType, repo));
  const commit = relative(join(repoDir, 'snapshots'), path).split(sep)[0] ?? '';
  if (!isCommitId(commit) || relative(join(repoDir, 'snapshots', commit), path).split(sep).join('/') !== file) {
    throw new AppError('Internal', `Unexpected download path ${path}`);
  }
  return { kind: 'cache', repoDir, commit };
}

async function extractStep(where: DownloadedFiles, files: readonly string[], options: DownloadOptions, signal: AbortSignal): Promise<ExtractDownloadsReport> {
  const extraction = await extractDownloads(where, files, { ...(options.force ? { force: true } : {}), signal });
  if (extraction.extracted.length === 0 && extraction.failed.length === 0) process.stderr.write('hubkeeper: --extract: no zip, tar, tgz, tar.gz, tar.xz, gz or xz file among the downloaded files\n');
  for (const failure of extraction.failed) process.stderr.write(`hubkeeper: could not extract ${failure.file}: ${failure.error}\n`);
  if (extraction.failed.length > 0) process.exitCode = 1;
  return extraction;
}

/** The download's path (then one line per extraction), or everything as one JSON object. */
function report(result: { readonly path: string; readonly files: readonly string[]; readonly [field: string]: unknown }, extraction: ExtractDownloadsReport | undefined, options: DownloadOptions): void {
  if (options.json) {
    print(JSON.stringify(extraction ? { ...result, extracted: extraction.extracted, extractFailed: extraction.failed } : result));
    return;
  }
  print(result.path);
  for (const archive of extraction?.extracted ?? []) print(archive.path);
}

function engineOptions(config: Config, options: DownloadOptions, store: ReturnType<typeof createDownloadsTable>) {
  const base = engineOptionsFromConfig(config.hf, {
    store,
    ...(options.connections === undefined ? {} : { tuning: { connections: positive(options.connections, '--connections') } }),
    ...(options.limitRate === undefined ? {} : { bytesPerSecond: parseRate(options.limitRate) }),
  });
  return options.maxWorkers === undefined ? base : { ...base, maxWorkers: positive(options.maxWorkers, '--max-workers') };
}

function positive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1) throw new AppError('BadRequest', `${flag} must be a whole number of at least 1 (got "${value}")`);
  return n;
}

/** "500K", "20M", "1G" or plain bytes per second (binary multiples, as curl's --limit-rate). */
export function parseRate(value: string): number {
  const match = /^(\d+(?:\.\d+)?)([kmg]?)$/i.exec(value.trim());
  if (!match?.[1]) throw new AppError('BadRequest', `--limit-rate must look like 500K, 20M or 1G (got "${value}")`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[(match[2] ?? '').toLowerCase() as '' | 'k' | 'm' | 'g'];
  const rate = Math.floor(Number(match[1]) * unit);
  if (rate < 1) throw new AppError('BadRequest', '--limit-rate must be at least 1 byte per second');
  return rate;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
