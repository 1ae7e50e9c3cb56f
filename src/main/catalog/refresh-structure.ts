import { AppError } from '../../shared/errors.js';
import type { RepoType } from '../../shared/repo-id.js';
import type { CatalogEntryRow, CatalogFoldersTable, CatalogReposTable, CatalogRepoRow, Db } from '../db/index.js';
import { HubApi, type RemoteTreeEntry, type UpstreamClient } from '../upstream/index.js';
import { buildStructure, type StructureFolder } from './structure-tree.js';
import { describeTracked, trackedRepo } from './tracked-repo.js';

export interface RefreshDeps {
  readonly db: Db;
  readonly repos: CatalogReposTable;
  readonly folders: CatalogFoldersTable;
  readonly client: UpstreamClient;
  readonly now: () => number;
}

export type RefreshStatus = 'unchanged' | 'updated' | 'failed';

export interface RefreshOutcome {
  readonly status: RefreshStatus;
  readonly commit: string | null;
  readonly error: string | null;
}

/**
 * Refreshes one tracked repo: resolves its revision (one request); when the commit is stored
 * already, that is all. Otherwise lists the commit's tree page by page and stores it in one
 * transaction. A failure is recorded on the repo and its last good structure stays.
 */
export async function refreshStructure(deps: RefreshDeps, row: CatalogRepoRow, token: string | undefined, signal?: AbortSignal): Promise<RefreshOutcome> {
  const api = new HubApi(deps.client, { endpoint: row.endpoint, ...(token === undefined ? {} : { token }) });
  const type = row.type as RepoType;
  try {
    const info = await api.repoInfo(type, row.repo_id, { revision: row.revision, ...(signal ? { signal } : {}) });
    const commit = info.sha;
    if (commit === undefined || commit === '') throw new AppError('UpstreamUnavailable', `${row.endpoint} did not say which commit ${row.revision} is`);
    const current = new Map([[row.revision, commit]]);
    if (deps.repos.revision(row.id, commit) !== undefined) {
      const unchanged = deps.repos.refs(row.id).some((ref) => ref.ref === row.revision && ref.commit_id === commit);
      deps.db.transaction(() => deps.repos.markChecked(row.id, current, deps.now())).immediate();
      return { status: unchanged ? 'unchanged' : 'updated', commit, error: null };
    }
    const listing: RemoteTreeEntry[] = [];
    for await (const entry of api.listTree(type, row.repo_id, commit, { recursive: true, ...(signal ? { signal } : {}) })) listing.push(entry);
    const structure = buildStructure(listing, row.endpoint);
    // Immediate: the write lock comes first, so a folder another process (a running server, a
    // second CLI) stored meanwhile is seen and reused rather than inserted twice.
    deps.db
      .transaction(() => {
        const rootFolder = storeFolder(deps.folders, structure.root);
        const now = deps.now();
        deps.repos.addRevision({ repo: row.id, commit, rootFolder, files: structure.files, totalSize: structure.totalSize, now });
        deps.repos.markChecked(row.id, current, now);
      })
      .immediate();
    return { status: 'updated', commit, error: null };
  } catch (error) {
    if (signal?.aborted) throw error;
    const message = `${describeTracked(trackedRepo(row, []))}: ${error instanceof Error ? error.message : String(error)}`;
    deps.repos.markFailed(row.id, message, deps.now());
    return { status: 'failed', commit: deps.repos.refs(row.id).find((ref) => ref.ref === row.revision)?.commit_id ?? null, error: message };
  }
}

/** Stores a folder unless an equal one is stored already (then its whole subtree is too). */
export function storeFolder(folders: CatalogFoldersTable, folder: StructureFolder): number {
  const existing = folders.idOf(folder.digest);
  if (existing !== undefined) return existing;
  const rows: CatalogEntryRow[] = [];
  for (const [name, entry] of folder.entries) {
    if (entry.kind === 'folder') {
      rows.push({ name, child: storeFolder(folders, entry), size: null, oid: entry.oid ?? null, lfs_sha256: null, lfs_size: null });
    } else {
      rows.push({ name, child: null, size: entry.size, oid: entry.oid, lfs_sha256: entry.lfs?.sha256 ?? null, lfs_size: entry.lfs?.size ?? null });
    }
  }
  return folders.insert(folder.digest, rows);
}
