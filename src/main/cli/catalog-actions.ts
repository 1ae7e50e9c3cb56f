// The actions of `hubkeeper track ...`, `find` and `diff` (see catalog-command.ts).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { formatBytes } from '../../shared/format-bytes.js';
import type { RepoType } from '../../shared/repo-id.js';
import { Catalog, describeTracked, parseFindQuery, type CatalogFile, type FindOptions, type RefreshResult, type RepoSelector, type RevisionDiff, type TrackedRepo } from '../catalog/index.js';
import { loadConfig } from '../config.js';
import { HubRegistry, endpointTokens } from '../credentials/index.js';
import { DATABASE_FILE, openDatabase } from '../db/index.js';
import { engineOptionsFromConfig } from '../download/index.js';
import { UpstreamClient } from '../upstream/index.js';
import { formatAgo, renderTable } from './cli-format.js';

interface CommonOptions {
  readonly data?: string;
  readonly json?: boolean;
}

interface NarrowingOptions extends CommonOptions {
  readonly endpoint?: string;
  readonly repoType?: RepoType;
  readonly revision?: string;
}

interface AddOptions extends CommonOptions {
  readonly endpoint?: string;
  readonly repoType: RepoType;
  readonly revision: string;
  readonly token?: string;
}

// A refresh is cheap to run again, and a hub that is down should be reported in seconds, not
// after the 23 s of download retries.
const CATALOG_RETRY = { retries: 2, baseDelayMs: 500, maxDelayMs: 2000 };

/** Runs with a catalog on the data dir's database; `run` also gets the default hub and the HF cache folder (--cache-dir wins). */
export async function withCatalog<T>(
  options: CommonOptions & { readonly cacheDir?: string },
  run: (catalog: Catalog, defaultEndpoint: string, cacheDir: string) => Promise<T> | T,
): Promise<T> {
  const config = loadConfig(undefined, { ...(options.data === undefined ? {} : { dataDir: options.data }), ...(options.cacheDir === undefined ? {} : { hubCache: options.cacheDir }) });
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const db = openDatabase(join(config.dataDir, DATABASE_FILE));
  const client = new UpstreamClient({ ...engineOptionsFromConfig(config.hf).client, retry: CATALOG_RETRY });
  const hubs = new HubRegistry(config.dataDir, [{ id: 'hf', name: 'Hugging Face', endpoint: config.hf.endpoint, token: undefined }]);
  try {
    return await run(new Catalog({ db, client, tokens: endpointTokens(config.hf, hubs) }), config.hf.endpoint, config.hf.hubCache);
  } finally {
    await client.close();
    db.close();
  }
}

/** Tracks a repo and fetches its structure; when that fails, nothing stays tracked. */
export async function trackAdd(repo: string, options: AddOptions): Promise<void> {
  await withCatalog(options, async (catalog, defaultEndpoint) => {
    const tracked = catalog.track({ endpoint: options.endpoint ?? defaultEndpoint, repoType: options.repoType, repo, revision: options.revision });
    const selector = { repo, endpoint: tracked.endpoint, repoType: tracked.repoType, revision: tracked.revision };
    const [result] = await catalog.refresh(selector, options.token === undefined ? {} : { token: options.token });
    if (result === undefined || result.status === 'failed') {
      catalog.untrack(selector);
      fail(result?.error ?? `${describeTracked(tracked)} could not be refreshed`);
      return;
    }
    if (options.json) print(JSON.stringify([trackedJson(result.repo)], null, 2));
    else print(`Tracking ${describeTracked(result.repo)}: ${filesAndSize(result.repo)} at ${result.repo.commit ?? ''}`);
  });
}

export async function trackList(options: CommonOptions): Promise<void> {
  await withCatalog(options, (catalog) => {
    const repos = catalog.list();
    if (options.json) {
      print(JSON.stringify(repos.map(trackedJson), null, 2));
      return;
    }
    if (repos.length === 0) {
      print('No tracked repos. Add one with: hubkeeper track add REPO --endpoint URL');
      return;
    }
    const now = Date.now();
    const rows = repos.map((repo) => [
      repo.repo, repo.repoType, repo.revision, repo.commit?.slice(0, 12) ?? '-', repo.files === null ? '-' : String(repo.files),
      repo.totalSize === null ? '-' : formatBytes(repo.totalSize), repo.checkedAt === null ? 'never' : formatAgo(repo.checkedAt, now), repo.endpoint,
      repo.error === null ? '' : `failed ${formatAgo(repo.errorAt ?? now, now)}`,
    ]);
    print(renderTable(['REPO', 'TYPE', 'REVISION', 'COMMIT', 'FILES', 'SIZE', 'CHECKED', 'HUB', 'LAST REFRESH'], rows, new Set([4, 5])));
  });
}

export async function trackRemove(repo: string, options: NarrowingOptions): Promise<void> {
  await withCatalog(options, (catalog) => {
    for (const removed of catalog.untrack(selectorOf(repo, options))) print(`No longer tracking ${describeTracked(removed)}`);
  });
}

/** Refreshes tracked repos; any failure is one line on stderr and exit code 1 (the last good structure stays). */
export async function trackRefresh(repo: string | undefined, options: NarrowingOptions & { readonly token?: string }): Promise<void> {
  await withCatalog(options, async (catalog) => {
    const results = await catalog.refresh(repo === undefined ? undefined : selectorOf(repo, options), options.token === undefined ? {} : { token: options.token });
    if (results.length === 0 && !options.json) print('No tracked repos. Add one with: hubkeeper track add REPO --endpoint URL');
    if (options.json) print(JSON.stringify(results.map((result) => ({ ...trackedJson(result.repo), status: result.status, error: result.error })), null, 2));
    for (const result of results) {
      if (result.status === 'failed') fail(`${result.error ?? 'refresh failed'} (the structure of the last good refresh is kept)`);
      else if (!options.json) print(refreshLine(result));
    }
  });
}

export async function find(options: CommonOptions & FindOptions): Promise<void> {
  const query = parseFindQuery(options);
  await withCatalog(options, (catalog) => {
    const files = catalog.find(query);
    if (options.json) {
      print(JSON.stringify(files.map(fileJson), null, 2));
      return;
    }
    if (files.length === 0) {
      process.stderr.write('hubkeeper: no tracked file matches\n');
      return;
    }
    const rows = files.map((file) => [`${file.repo}@${file.revision}`, file.path, formatBytes(file.size), file.oid.slice(0, 12), file.sha256?.slice(0, 12) ?? '']);
    print(renderTable(['REPO', 'PATH', 'SIZE', 'OID', 'SHA256'], rows, new Set([2])));
  });
}

export async function diff(repo: string, from: string, to: string, options: NarrowingOptions): Promise<void> {
  await withCatalog(options, (catalog) => {
    const changes = catalog.diff(selectorOf(repo, options), from, to);
    if (options.json) print(JSON.stringify(diffJson(changes), null, 2));
    else print(diffText(changes));
  });
}

function selectorOf(repo: string, options: NarrowingOptions): RepoSelector {
  return { repo, endpoint: options.endpoint, repoType: options.repoType, revision: options.revision };
}

function trackedJson(repo: TrackedRepo) {
  return {
    repo: repo.repo, repoType: repo.repoType, source: repo.source, endpoint: repo.endpoint, revision: repo.revision, commit: repo.commit, files: repo.files, size: repo.totalSize,
    checkedAt: isoOrNull(repo.checkedAt), error: repo.error, errorAt: isoOrNull(repo.errorAt),
  };
}

function fileJson(file: CatalogFile) {
  return { repo: file.repo, repoType: file.repoType, endpoint: file.endpoint, revision: file.revision, commit: file.commit, path: file.path, size: file.size, oid: file.oid, sha256: file.sha256 };
}

function diffJson(changes: RevisionDiff) {
  const base = { repo: changes.repo.repo, repoType: changes.repo.repoType, endpoint: changes.repo.endpoint, revision: changes.repo.revision, commit: changes.newCommit, oldCommit: changes.oldCommit };
  return [
    ...changes.added.map((file) => ({ ...base, change: 'added', path: file.path, size: file.size, oid: file.oid, sha256: file.sha256 })),
    ...changes.removed.map((file) => ({ ...base, change: 'removed', path: file.path, size: file.size, oid: file.oid, sha256: file.sha256 })),
    ...changes.modified.map((file) => ({
      ...base, change: 'modified', path: file.path, size: file.new.size, oid: file.new.oid, sha256: file.new.sha256,
      oldSize: file.old.size, oldOid: file.old.oid, oldSha256: file.old.sha256,
    })),
    ...changes.renamed.map((file) => ({ ...base, change: 'renamed', path: file.to.path, oldPath: file.from.path, size: file.to.size, oid: file.to.oid, sha256: file.to.sha256 })),
  ];
}

function diffText(changes: RevisionDiff): string {
  const lines = [`${describeTracked(changes.repo)}: ${changes.oldCommit} -> ${changes.newCommit}`];
  for (const file of changes.added) lines.push(`A  ${file.path}  ${formatBytes(file.size)}`);
  for (const file of changes.removed) lines.push(`D  ${file.path}  ${formatBytes(file.size)}`);
  for (const file of changes.modified) lines.push(`M  ${file.path}  ${formatBytes(file.old.size)} -> ${formatBytes(file.new.size)}`);
  for (const file of changes.renamed) lines.push(`R  ${file.from.path} -> ${file.to.path}`);
  if (lines.length === 1) lines.push('No changes.');
  return lines.join('\n');
}

function refreshLine(result: RefreshResult): string {
  const commit = result.repo.commit ?? '';
  return result.status === 'unchanged'
    ? `${describeTracked(result.repo)}: unchanged at ${commit}`
    : `${describeTracked(result.repo)}: now at ${commit}, ${filesAndSize(result.repo)}`;
}

function filesAndSize(repo: TrackedRepo): string {
  return `${repo.files ?? 0} files, ${formatBytes(repo.totalSize ?? 0)}`;
}

function isoOrNull(time: number | null): string | null {
  return time === null ? null : new Date(time).toISOString();
}

export function fail(line: string): void {
  process.stderr.write(`hubkeeper: ${line}\n`);
  process.exitCode = 1;
}

export function print(line: string): void {
  process.stdout.write(`${line}\n`);
}
