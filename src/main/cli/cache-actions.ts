// The actions of `hubkeeper cache ...` (see cache-command.ts).
import { createInterface } from 'node:readline/promises';
import { AppError } from '../../shared/errors.js';
import { formatBytes } from '../../shared/format-bytes.js';
import { pick } from '../../shared/pick.js';
import type { RepoType } from '../../shared/repo-id.js';
import {
  executeDeletion,
  executePrune,
  moveCache,
  planDeletion,
  planPrune,
  scanCacheDir,
  selectForEviction,
  selectTargets,
  verifyCache,
  type CacheScan,
  type DeletePlan,
  type PrunePlan,
} from '../cache/index.js';
import { loadConfig, type Config } from '../config.js';
import { formatAgo, parseDuration, parseSize, renderTable } from './cli-format.js';
import { createProgressDisplay } from './progress-bars.js';

interface CacheOptions {
  readonly cacheDir?: string;
  readonly json?: boolean;
}


function configFor(options: CacheOptions): Config {
  return loadConfig(undefined, options.cacheDir === undefined ? {} : { hubCache: options.cacheDir });
}

export async function list(options: CacheOptions & { readonly revisions?: boolean }): Promise<void> {
  const scan = await scanCacheDir(configFor(options).hf.hubCache);
  if (options.json) {
    print(JSON.stringify(scanJson(scan), null, 2));
    return;
  }
  const now = Date.now();
  if (options.revisions) {
    const rows = scan.repos.flatMap((repo) =>
      repo.revisions.map((revision) => [repo.repoId, repo.repoType, revision.commitHash, formatBytes(revision.sizeOnDisk), String(revision.nbFiles), formatAgo(revision.lastModifiedMs, now), revision.refs.join(', ')]),
    );
    print(renderTable(['REPO ID', 'TYPE', 'REVISION', 'SIZE', 'FILES', 'LAST MODIFIED', 'REFS'], rows, new Set([3, 4])));
  } else {
    const rows = scan.repos.map((repo) => [
      repo.repoId,
      repo.repoType,
      formatBytes(repo.sizeOnDisk),
      String(repo.nbFiles),
      formatAgo(repo.lastAccessedMs, now),
      formatAgo(repo.lastModifiedMs, now),
      [...new Set(repo.revisions.flatMap((revision) => revision.refs))].sort().join(', '),
    ]);
    print(renderTable(['REPO ID', 'TYPE', 'SIZE', 'FILES', 'LAST ACCESSED', 'LAST MODIFIED', 'REFS'], rows, new Set([2, 3])));
  }
  print(`\n${scan.repos.length} repos, ${formatBytes(scan.sizeOnDisk)} on disk in ${scan.cacheDir}`);
  if (scan.incompleteFiles.length > 0) {
    const bytes = scan.incompleteFiles.reduce((sum, file) => sum + file.size, 0);
    print(`${scan.incompleteFiles.length} unfinished downloads (${formatBytes(bytes)}); \`hubkeeper cache prune\` removes stale ones`);
  }
  warn(scan);
}

export async function remove(targets: string[], options: CacheOptions & { readonly repoType: RepoType; readonly dryRun?: boolean; readonly yes?: boolean }): Promise<void> {
  const scan = await scanCacheDir(configFor(options).hf.hubCache);
  const plan = await planDeletion(scan, selectTargets(scan, targets, options.repoType));
  if (!options.json) describeDeletion(plan, options.dryRun === true);
  if (options.dryRun) {
    if (options.json) print(JSON.stringify({ dryRun: true, plan }, null, 2));
    return;
  }
  if (!options.yes && !options.json && process.stdin.isTTY && !(await confirm('Delete them?'))) {
    print('Nothing deleted.');
    return;
  }
  const report = await executeDeletion(plan);
  if (options.json) print(JSON.stringify({ dryRun: false, plan, report }, null, 2));
  else print(`Deleted; ${formatBytes(report.freedBytes)} freed.${report.keptBlobs.length > 0 ? ` ${report.keptBlobs.length} blobs kept: a newer snapshot uses them.` : ''}`);
}

export async function prune(options: CacheOptions & { readonly olderThan: string; readonly maxSize?: string; readonly dryRun?: boolean }): Promise<void> {
  const olderThanMs = parseDuration(options.olderThan, '--older-than');
  const maxBytes = options.maxSize === undefined ? undefined : parseSize(options.maxSize, '--max-size');
  const scan = await scanCacheDir(configFor(options).hf.hubCache);
  const leftovers = await planPrune(scan, { olderThanMs });
  const eviction = maxBytes === undefined ? undefined : selectForEviction(scan, maxBytes);
  const evictPlan = eviction && eviction.selection.length > 0 ? await planDeletion(scan, eviction.selection) : undefined;
  if (!options.json) describePrune(leftovers, evictPlan, options.dryRun === true);
  if (options.dryRun) {
    if (options.json) print(JSON.stringify({ dryRun: true, leftovers, eviction: evictPlan ?? null }, null, 2));
    return;
  }
  const pruned = await executePrune(leftovers);
  // The eviction plan was made from the same scan; deletion re-checks blobs before removing them.
  const evicted = evictPlan ? await executeDeletion(evictPlan) : undefined;
  const freed = pruned.freedBytes + (evicted?.freedBytes ?? 0);
  if (options.json) print(JSON.stringify({ dryRun: false, leftovers, pruned, eviction: evictPlan ?? null, evicted: evicted ?? null, freedBytes: freed }, null, 2));
  else print(`Done; ${formatBytes(freed)} freed.`);
}

export async function verify(targets: string[], options: CacheOptions & { readonly repair?: boolean }): Promise<void> {
  const config = configFor(options);
  const full = await scanCacheDir(config.hf.hubCache);
  const chosen = targets.length === 0 ? undefined : new Set(selectTargets(full, targets).map((pick) => pick.repoPath));
  const scan: CacheScan = chosen ? { ...full, repos: full.repos.filter((repo) => chosen.has(repo.repoPath)) } : full;
  const display = createProgressDisplay('Verifying', !options.json && process.stderr.isTTY && config.hf.disableProgressBars !== true);
  const report = await withInterrupt((signal) =>
    verifyCache(scan, { repair: options.repair === true, signal, onProgress: (p) => display.update(p.bytesDone, p.bytesTotal, `${p.filesDone}/${p.filesTotal} blobs`) }),
  ).finally(() => display.stop());
  const unrepaired = report.corrupt.some((c) => !c.repaired) || report.missing.some((m) => !m.repaired);
  if (unrepaired) process.exitCode = 1;
  if (options.json) {
    print(JSON.stringify(report, null, 2));
    return;
  }
  print(`Checked ${report.checkedBlobs} blobs (${formatBytes(report.checkedBytes)}).`);
  for (const bad of report.corrupt) print(`corrupt: ${bad.repoType} ${bad.repoId} ${bad.blobPath} (${bad.algorithm} is ${bad.actual})${bad.repaired ? ' - deleted, download it again' : ''}`);
  for (const lost of report.missing) print(`missing blob: ${lost.repoType} ${lost.repoId} ${lost.filePath}${lost.repaired ? ' - link removed' : ''}`);
  if (report.unverifiable.length > 0) print(`${report.unverifiable.length} snapshot files are plain copies with no named blob to check them against.`);
  if (unrepaired) print('Run again with --repair to delete the damaged files so they are downloaded again.');
  else if (report.corrupt.length === 0 && report.missing.length === 0) print('Everything matches.');
}

export async function move(destination: string, options: CacheOptions & { readonly symlink?: boolean }): Promise<void> {
  const config = configFor(options);
  const display = createProgressDisplay('Moving', !options.json && process.stderr.isTTY && config.hf.disableProgressBars !== true);
  const report = await withInterrupt((signal) =>
    moveCache(config.hf.hubCache, destination, { leaveSymlink: options.symlink === true, signal, onProgress: (p) => display.update(p.bytesDone, p.bytesTotal) }),
  ).finally(() => display.stop());
  if (options.json) {
    print(JSON.stringify(report, null, 2));
    return;
  }
  const how = report.method === 'rename' ? 'renamed in place' : `copied and verified ${report.files} files (${formatBytes(report.bytes)})`;
  print(`Moved ${report.from} to ${report.to}: ${how}.`);
  print(options.symlink ? `The old path now links to the new one.` : `Set HF_HUB_CACHE=${report.to} so Python, the JS client and HubKeeper find it.`);
}

function describeDeletion(plan: DeletePlan, dryRun: boolean): void {
  print(dryRun ? 'Would delete:' : 'Will delete:');
  const whole = new Set(plan.repos.map((repo) => `${repo.repoType}:${repo.repoId}`));
  for (const repo of plan.repos) print(`  ${repo.repoType} ${repo.repoId} (the whole repo)`);
  for (const revision of plan.revisions) {
    if (whole.has(`${revision.repoType}:${revision.repoId}`)) continue;
    print(`  ${revision.repoType} ${revision.repoId} @ ${revision.commitHash.slice(0, 12)}${revision.refs.length > 0 ? ` (${revision.refs.join(', ')})` : ''}`);
  }
  print(`${dryRun ? 'Would free' : 'Frees'} ${formatBytes(plan.expectedFreedBytes)}.`);
}

function describePrune(leftovers: PrunePlan, eviction: DeletePlan | undefined, dryRun: boolean): void {
  const counts = new Map<string, number>();
  for (const item of leftovers.items) counts.set(item.kind, (counts.get(item.kind) ?? 0) + 1);
  const parts = [...counts].map(([kind, count]) => `${count} ${kind}`);
  print(`${dryRun ? 'Would remove' : 'Removing'}: ${parts.length > 0 ? parts.join(', ') : 'no leftovers'} (${formatBytes(leftovers.expectedFreedBytes)})`);
  if (eviction) describeDeletion(eviction, dryRun);
}

function scanJson(scan: CacheScan): unknown {
  return {
    ...pick(scan, ['cacheDir', 'sizeOnDisk', 'warnings', 'incompleteFiles']),
    repos: scan.repos.map((repo) => ({
      ...pick(repo, ['repoId', 'repoType', 'repoPath', 'sizeOnDisk', 'nbFiles']),
      ...isoDates(repo),
      problems: repo.problems,
      revisions: repo.revisions.map((revision) => ({
        ...pick(revision, ['commitHash', 'refs', 'sizeOnDisk', 'nbFiles']),
        ...isoDates(revision),
        snapshotPath: revision.snapshotPath,
      })),
    })),
  };
}

/** A repo's or revision's times as ISO strings, as `scan_cache_dir` reports them. */
function isoDates(item: { readonly lastAccessedMs: number; readonly lastModifiedMs: number }): { lastAccessed: string; lastModified: string } {
  return { lastAccessed: new Date(item.lastAccessedMs).toISOString(), lastModified: new Date(item.lastModifiedMs).toISOString() };
}

function warn(scan: CacheScan): void {
  for (const warning of scan.warnings) process.stderr.write(`hubkeeper: warning: ${warning.message}\n`);
  if (scan.warnings.length > 0) process.stderr.write('hubkeeper: `hubkeeper cache prune`, `cache verify --repair` or `cache rm` can fix these\n');
}

/** Runs a long task that Ctrl-C stops cleanly (the task gets an aborted signal). */
async function withInterrupt<T>(task: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const interrupt = (): void => controller.abort(new AppError('Conflict', 'Interrupted'));
  process.once('SIGINT', interrupt);
  try {
    return await task(controller.signal);
  } finally {
    process.off('SIGINT', interrupt);
  }
}

async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
