import type { CatalogEntryRow, CatalogFoldersTable, CatalogSimilarQueries } from '../db/index.js';
import type { StoredStructure, TrackedRepo } from './tracked-repo.js';

/** What two structures share. */
export interface Similarity {
  readonly repo: TrackedRepo;
  readonly commit: string;
  /** Paths that are a file in both. */
  readonly sharedPaths: number;
  /** Of those, the files with the same content in both. */
  readonly identicalFiles: number;
  /** Distinct contents (LFS sha256, else git oid) both hold, wherever their paths. */
  readonly sharedContents: number;
  /** Their bytes, each content counted once. */
  readonly sharedSize: number;
}

const MOST_SIMILAR = 10;

/** Compares two stored trees: shared paths by walking both at once, shared content by hashes. */
export function compareStructures(queries: CatalogSimilarQueries, folders: CatalogFoldersTable, base: StoredStructure, other: StoredStructure): Similarity {
  const mine = new Map(queries.contentsOf(base.revision.root_folder).map((row) => [row.key, row.size]));
  let sharedContents = 0;
  let sharedSize = 0;
  for (const row of queries.contentsOf(other.revision.root_folder)) {
    if (!mine.has(row.key)) continue;
    sharedContents += 1;
    sharedSize += row.size;
  }
  const paths = new PathComparer(folders).compare(base.revision.root_folder, other.revision.root_folder);
  return { repo: other.repo, commit: other.revision.commit_id, ...paths, sharedContents, sharedSize };
}

/**
 * The tracked repos most like `base`: by shared bytes, then shared paths (10 at most). Repos
 * sharing content come from the hash indexes; when fewer than 10 do, the others are compared by
 * paths too.
 */
export function mostSimilar(
  queries: CatalogSimilarQueries, folders: CatalogFoldersTable, base: StoredStructure, others: readonly StoredStructure[],
): Similarity[] {
  const sharing = new Map<string, { contents: number; size: number }>();
  for (const row of queries.sharingContent(base.revision.root_folder)) {
    sharing.set(JSON.stringify([row.repo_row, row.commit_id]), { contents: row.shared_contents, size: row.shared_size });
  }
  const shared = (other: StoredStructure) => sharing.get(JSON.stringify([other.repo.id, other.revision.commit_id]));
  const candidates = others.filter((other) => other.repo.id !== base.repo.id);
  const sharedSize = (other: StoredStructure): number => shared(other)?.size ?? 0;
  const withContent = candidates.filter((other) => shared(other) !== undefined).sort((a, b) => sharedSize(b) - sharedSize(a));
  const tenth = withContent[MOST_SIMILAR - 1];
  // Only the repos sharing as many bytes as the 10th need their paths counted to rank them.
  const compared = tenth === undefined ? candidates : withContent.filter((other) => sharedSize(other) >= sharedSize(tenth));
  const paths = new PathComparer(folders);
  return compared
    .map((other) => {
      const content = shared(other) ?? { contents: 0, size: 0 };
      const counted = paths.compare(base.revision.root_folder, other.revision.root_folder);
      return { repo: other.repo, commit: other.revision.commit_id, ...counted, sharedContents: content.contents, sharedSize: content.size };
    })
    .filter((similarity) => similarity.sharedSize > 0 || similarity.sharedPaths > 0)
    .sort((a, b) => b.sharedSize - a.sharedSize || b.sharedPaths - a.sharedPaths || (a.repo.repo < b.repo.repo ? -1 : a.repo.repo > b.repo.repo ? 1 : 0))
    .slice(0, MOST_SIMILAR);
}

/**
 * Counts the paths two trees share, walking only the names both have; a folder both hold counts
 * whole. The listings of the first tree are kept, as it is compared with many.
 */
class PathComparer {
  private readonly listings = new Map<number, CatalogEntryRow[]>();
  private readonly fileCounts = new Map<number, number>();

  constructor(private readonly folders: CatalogFoldersTable) {}

  compare(a: number, b: number): { sharedPaths: number; identicalFiles: number } {
    if (a === b) {
      const files = this.filesUnder(a);
      return { sharedPaths: files, identicalFiles: files };
    }
    const theirs = new Map(this.folders.entries(b).map((entry) => [entry.name, entry]));
    let sharedPaths = 0;
    let identicalFiles = 0;
    for (const entry of this.entries(a)) {
      const other = theirs.get(entry.name);
      if (other === undefined) continue;
      if (entry.child !== null && other.child !== null) {
        const below = this.compare(entry.child, other.child);
        sharedPaths += below.sharedPaths;
        identicalFiles += below.identicalFiles;
      } else if (entry.child === null && other.child === null) {
        sharedPaths += 1;
        if ((entry.lfs_sha256 ?? entry.oid) === (other.lfs_sha256 ?? other.oid)) identicalFiles += 1;
      }
    }
    return { sharedPaths, identicalFiles };
  }

  private entries(folder: number): CatalogEntryRow[] {
    let entries = this.listings.get(folder);
    if (entries === undefined) {
      entries = this.folders.entries(folder);
      this.listings.set(folder, entries);
    }
    return entries;
  }

  private filesUnder(folder: number): number {
    let files = this.fileCounts.get(folder);
    if (files === undefined) {
      files = this.entries(folder).reduce((count, entry) => count + (entry.child === null ? 1 : this.filesUnder(entry.child)), 0);
      this.fileCounts.set(folder, files);
    }
    return files;
  }
}
