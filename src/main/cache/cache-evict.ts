import type { DeleteSelection } from './cache-delete.js';
import type { CacheScan, CachedRevision } from './cache-scan.js';

export interface EvictionChoice {
  readonly selection: readonly DeleteSelection[];
  /** The cache's size (as the scan counts it) once these revisions are gone. */
  readonly sizeAfter: number;
}

/**
 * Picks whole revisions, least recently used first (the latest access to any of their blobs),
 * until the cache fits in `maxBytes`. A blob shared with a revision that stays counts for
 * nothing, so the choice follows what deleting really frees; a revision is never split.
 * Feed the result to `planDeletion` for the exact plan.
 */
export function selectForEviction(scan: CacheScan, maxBytes: number): EvictionChoice {
  const candidates = scan.repos.flatMap((repo) => repo.revisions.map((revision) => ({ repoPath: repo.repoPath, revision })));
  // Ties (blobs shared between revisions share their access time) go first to revisions no
  // branch or tag points at, then to the older ones.
  candidates.sort(
    (a, b) =>
      a.revision.lastAccessedMs - b.revision.lastAccessedMs ||
      Math.sign(a.revision.refs.length) - Math.sign(b.revision.refs.length) ||
      a.revision.lastModifiedMs - b.revision.lastModifiedMs ||
      a.revision.commitHash.localeCompare(b.revision.commitHash),
  );
  // How many revisions of a repo use each blob; a blob is freed when that drops to zero.
  const users = new Map<string, number>();
  const key = (repoPath: string, inode: string): string => `${repoPath}\0${inode}`;
  for (const { repoPath, revision } of candidates) {
    for (const inode of distinctInodes(revision)) users.set(key(repoPath, inode), (users.get(key(repoPath, inode)) ?? 0) + 1);
  }
  let size = scan.sizeOnDisk;
  const selection: DeleteSelection[] = [];
  for (const { repoPath, revision } of candidates) {
    if (size <= maxBytes) break;
    selection.push({ repoPath, commitHash: revision.commitHash });
    const sizes = new Map(revision.files.map((file) => [file.inode, file.size]));
    for (const inode of distinctInodes(revision)) {
      const left = (users.get(key(repoPath, inode)) ?? 1) - 1;
      users.set(key(repoPath, inode), left);
      if (left === 0) size -= sizes.get(inode) ?? 0;
    }
  }
  return { selection, sizeAfter: size };
}

function distinctInodes(revision: CachedRevision): Set<string> {
  return new Set(revision.files.map((file) => file.inode));
}
