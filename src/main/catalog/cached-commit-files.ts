import type { RepoType } from '../../shared/repo-id.js';
import { readTreeCache } from '../download/index.js';
import type { HubApi } from '../upstream/index.js';
import type { DiffFile, ModifiedFile, StructureDiff } from './structure-diff.js';

/** Paths asked upstream per paths-info request. */
const PATHS_PER_REQUEST = 1000;

/** Where the cached commit's own files can be read: the cache's listing of it, else the hub at that commit. */
export interface CachedCommit {
  readonly api: HubApi;
  readonly type: RepoType;
  readonly repoId: string;
  /** The repo's folder in the HF cache (its trees/<commit>.json). */
  readonly repoPath: string;
  readonly commit: string;
}

/**
 * A snapshot's diff with upstream, corrected for a partial snapshot: a file upstream that the
 * snapshot lacks is added only if the cached commit did not hold it either. One it held with the
 * same content was simply never downloaded (dropped); one it held with other content changed
 * upstream (modified). The cached commit's files are read from `trees/<commit>.json`, else asked
 * upstream (paths-info at that commit); when neither answers, the diff is kept as it is.
 */
export async function onlyChangedUpstream(diff: StructureDiff, cached: CachedCommit, signal?: AbortSignal): Promise<StructureDiff> {
  if (diff.added.length === 0) return diff;
  const held = await heldAtCommit(cached, diff.added.map((file) => file.path), signal);
  if (held === undefined) return diff;
  const added: DiffFile[] = [];
  const modified: ModifiedFile[] = [...diff.modified];
  for (const file of diff.added) {
    const before = held.get(file.path);
    if (before === undefined) added.push(file);
    else if (before.oid !== file.oid || before.sha256 !== file.sha256 || before.size !== file.size) modified.push({ path: file.path, old: before, new: file });
  }
  modified.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { ...diff, added, modified };
}

/** The files of `paths` the cached commit held; undefined when that cannot be told. */
async function heldAtCommit(cached: CachedCommit, paths: readonly string[], signal?: AbortSignal): Promise<ReadonlyMap<string, DiffFile> | undefined> {
  const held = new Map<string, DiffFile>();
  const listing = await readTreeCache(cached.repoPath, cached.commit);
  if (listing !== undefined) {
    for (const path of paths) {
      const entry = listing.get(path);
      if (entry !== undefined) held.set(path, { path, size: entry.lfs_size ?? entry.size, oid: entry.blob_id, sha256: entry.lfs_sha256 ?? null });
    }
    return held;
  }
  try {
    for (let start = 0; start < paths.length; start += PATHS_PER_REQUEST) {
      const entries = await cached.api.pathsInfo(cached.type, cached.repoId, cached.commit, paths.slice(start, start + PATHS_PER_REQUEST), signal ? { signal } : {});
      for (const entry of entries) {
        if (entry.type === 'file') held.set(entry.path, { path: entry.path, size: entry.lfs?.size ?? entry.size, oid: entry.oid, sha256: entry.lfs?.oid ?? null });
      }
    }
  } catch (error) {
    if (signal?.aborted) throw error;
    return undefined;
  }
  return held;
}
