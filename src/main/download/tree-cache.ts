import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { RemoteFileEntry } from '../upstream/index.js';
import { writeAtomic } from '../files/index.js';

/**
 * The per-commit tree listing Python `huggingface_hub` ≥ 1.22 keeps as `trees/<commit>.json`, in
 * the repo folder of the cache or in `<local_dir>/.cache/huggingface/`. A commit never changes,
 * so the file never goes stale; Python's offline `snapshot_download` compares it with the
 * snapshot folder and raises `IncompleteSnapshotError` when files are missing.
 */
export const TREE_CACHE_FORMAT_VERSION = 1;

const entrySchema = z.object({
  size: z.number().int().nonnegative(),
  blob_id: z.string(),
  lfs_sha256: z.string().optional(),
  lfs_size: z.number().int().nonnegative().optional(),
  xet_hash: z.string().optional(),
});
const treeSchema = z.object({ format_version: z.literal(TREE_CACHE_FORMAT_VERSION), files: z.record(z.string(), entrySchema) });

export type TreeCacheEntry = z.infer<typeof entrySchema>;

/** Where `local_dir` downloads keep their tree listings. */
export function treeCacheFolderForLocalDir(localDir: string): string {
  return join(localDir, '.cache', 'huggingface');
}

export function treeCachePath(folder: string, commit: string): string {
  return join(folder, 'trees', `${commit}.json`);
}

/** The entry Python writes for a file of the hub's tree listing (`size` as listed, LFS fields when LFS). */
export function treeCacheEntry(file: RemoteFileEntry): TreeCacheEntry {
  return file.lfs ? { size: file.size, blob_id: file.oid, lfs_sha256: file.lfs.oid, lfs_size: file.lfs.size } : { size: file.size, blob_id: file.oid };
}

/**
 * Writes the whole listing of a commit, paths sorted, atomically. Best-effort as in Python: the
 * listing only saves requests and reports incomplete snapshots, so failing to write it must not
 * fail a download. Returns false when it could not be written.
 */
export async function writeTreeCache(folder: string, commit: string, files: readonly RemoteFileEntry[]): Promise<boolean> {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const listing = { format_version: TREE_CACHE_FORMAT_VERSION, files: Object.fromEntries(sorted.map((file) => [file.path, treeCacheEntry(file)])) };
  try {
    await writeAtomic(treeCachePath(folder, commit), JSON.stringify(listing, null, 1));
    return true;
  } catch {
    return false;
  }
}

/** The cached listing of a commit; undefined when absent, unreadable or of another format version (as Python). */
export async function readTreeCache(folder: string, commit: string): Promise<ReadonlyMap<string, TreeCacheEntry> | undefined> {
  try {
    const parsed = treeSchema.safeParse(JSON.parse(await readFile(treeCachePath(folder, commit), 'utf8')));
    return parsed.success ? new Map(Object.entries(parsed.data.files)) : undefined;
  } catch {
    return undefined;
  }
}
