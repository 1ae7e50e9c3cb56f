import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoType } from '../../shared/repo-id.js';
import type { CachedRepo, CacheScan } from '../cache/index.js';
import type { CatalogRepoRow } from '../db/index.js';
import { HubApi } from '../upstream/index.js';
import { onlyChangedUpstream } from './cached-commit-files.js';
import { refreshStructure, type RefreshDeps } from './refresh-structure.js';
import { diffStructures, type DiffFile, type StructureDiff } from './structure-diff.js';
import { ALL_REFS } from './tracked-repo.js';

/** A ref of the HF cache whose commit is not the one upstream names now. */
export interface OutdatedSnapshot extends StructureDiff {
  readonly repo: string;
  readonly repoType: RepoType;
  /** The cached ref ("main", "refs/pr/1"). */
  readonly ref: string;
  readonly cacheDir: string;
  readonly endpoint: string;
  readonly cachedCommit: string;
  readonly upstreamCommit: string;
  /** Bytes an update would fetch: added or changed content whose blob the repo's cache folder lacks, each once. */
  readonly downloadBytes: number;
}

export interface OutdatedFailure {
  readonly repo: string;
  readonly repoType: RepoType;
  readonly ref: string;
  readonly error: string;
}

export interface OutdatedReport {
  readonly cacheDir: string;
  readonly endpoint: string;
  /** Cached refs compared with upstream. */
  readonly checked: number;
  readonly outdated: OutdatedSnapshot[];
  readonly failures: OutdatedFailure[];
}

export interface OutdatedDeps extends RefreshDeps {
  readonly token: (endpoint: string) => string | undefined;
}

/** At most this many cached refs are resolved upstream at once. */
const CONCURRENCY = 4;

/**
 * Compares each ref of an (indexed) HF cache with upstream: one request per ref resolves it.
 * For a ref that moved, the upstream structure is stored as a tracked remote revision (refreshed
 * on demand only), so the diff also works offline afterwards, and diffed with the snapshot's.
 */
export async function checkOutdated(deps: OutdatedDeps, scan: CacheScan, endpoint: string, signal?: AbortSignal): Promise<OutdatedReport> {
  const work = scan.repos.flatMap((repo) => repo.revisions.flatMap((revision) => revision.refs.map((ref) => ({ repo, ref, commit: revision.commitHash }))));
  const outdated: OutdatedSnapshot[] = [];
  const failures: OutdatedFailure[] = [];
  const token = deps.token(endpoint);
  const api = new HubApi(deps.client, { endpoint, ...(token === undefined ? {} : { token }) });
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < work.length) {
      const { repo, ref, commit } = work[next++] as (typeof work)[number];
      const fail = (error: unknown): void => void failures.push({ repo: repo.repoId, repoType: repo.repoType, ref, error: error instanceof Error ? error.message : String(error) });
      try {
        const upstream = (await api.repoInfo(repo.repoType, repo.repoId, { revision: ref, ...(signal ? { signal } : {}) })).sha;
        if (upstream === undefined || upstream === commit) continue;
        const found = await compare(deps, api, scan.cacheDir, repo, ref, commit, endpoint, token, signal);
        if (typeof found === 'string') fail(found);
        else outdated.push(found);
      } catch (error) {
        if (signal?.aborted) throw error;
        fail(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, work.length) }, worker));
  const order = (a: { repo: string; repoType: string; ref: string }, b: typeof a): number =>
    a.repoType.localeCompare(b.repoType) || a.repo.localeCompare(b.repo) || a.ref.localeCompare(b.ref);
  return { cacheDir: scan.cacheDir, endpoint, checked: work.length, outdated: outdated.sort(order), failures: failures.sort(order) };
}

/** Fetches the upstream structure of a ref that moved and diffs the snapshot's with it; a string says why it could not. */
async function compare(
  deps: OutdatedDeps, api: HubApi, cacheDir: string, repo: CachedRepo, ref: string, commit: string, endpoint: string, token: string | undefined, signal?: AbortSignal,
): Promise<OutdatedSnapshot | string> {
  const { repos } = deps;
  let row = repos.find(endpoint, repo.repoType, repo.repoId, ref);
  const added = row === undefined;
  row ??= repos.get(repos.add({ source: 'remote', endpoint, type: repo.repoType, repoId: repo.repoId, revision: ref, everyMs: null, now: deps.now() })) as CatalogRepoRow;
  const outcome = await refreshStructure(deps, row, token, signal);
  if (outcome.status === 'failed' || outcome.commit === null) {
    if (added) repos.remove(row.id);
    return outcome.error ?? 'the upstream structure could not be read';
  }
  const cachedRow = repos.find(cacheDir, repo.repoType, repo.repoId, ALL_REFS);
  const cached = cachedRow === undefined ? undefined : repos.revision(cachedRow.id, commit);
  const fetched = repos.revision(row.id, outcome.commit);
  if (cached === undefined || fetched === undefined) return `the snapshot ${commit} is not in the catalog: run hubkeeper track refresh --cache`;
  const snapshotDiff = diffStructures(cached.root_folder, fetched.root_folder, deps.folders);
  const diff = await onlyChangedUpstream(snapshotDiff, { api, type: repo.repoType, repoId: repo.repoId, repoPath: repo.repoPath, commit }, signal);
  return {
    repo: repo.repoId, repoType: repo.repoType, ref, cacheDir, endpoint, cachedCommit: commit, upstreamCommit: outcome.commit, ...diff,
    downloadBytes: bytesToFetch(repo.repoPath, [...diff.added, ...diff.modified.map((file) => file.new)]),
  };
}

/** Bytes of the files whose content (blob named by sha256 for LFS files, else git oid) the repo's blobs/ lacks, each content once. */
function bytesToFetch(repoPath: string, files: readonly DiffFile[]): number {
  const needed = new Map<string, number>();
  for (const file of files) {
    const blob = file.sha256 ?? file.oid;
    if (!needed.has(blob) && !existsSync(join(repoPath, 'blobs', blob))) needed.set(blob, file.size);
  }
  return [...needed.values()].reduce((sum, size) => sum + size, 0);
}
