import { AppError } from '../../shared/errors.js';
import type { FolderEntryView, FolderListingResponse, StoredRevisionView } from '../../shared/tracking-api.js';
import type { CatalogFoldersTable, CatalogRefRow, CatalogRevisionRow } from '../db/index.js';

/** A file or subfolder of a stored folder (the wire type is the catalog's own). */
export type FolderEntry = FolderEntryView;
export type FolderListing = FolderListingResponse;
/** A commit a refresh stored for a tracked repo, and the refs pointing at it now. */
export type StoredRevision = StoredRevisionView;

/** One folder of a stored revision, found by walking `path` from its root folder. */
export function listStoredFolder(folders: CatalogFoldersTable, stored: CatalogRevisionRow, path: string): FolderListing {
  const segments = path.split('/').filter((segment) => segment !== '');
  let folder = stored.root_folder;
  for (const [index, name] of segments.entries()) {
    const child = folders.entry(folder, name)?.child;
    if (child === undefined || child === null) {
      throw new AppError('EntryNotFound', `${segments.slice(0, index + 1).join('/')} is not a folder at ${stored.commit_id}`);
    }
    folder = child;
  }
  const prefix = segments.length === 0 ? '' : `${segments.join('/')}/`;
  const entries = folders.entries(folder).map(
    (row): FolderEntry => ({
      name: row.name,
      path: prefix + row.name,
      kind: row.child === null ? 'file' : 'folder',
      size: row.child === null ? row.size : null,
      oid: row.oid,
      sha256: row.lfs_sha256,
    }),
  );
  entries.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'folder' ? -1 : 1));
  return { commit: stored.commit_id, path: segments.join('/'), entries };
}

/** The stored revisions of a tracked repo, newest first, each with the refs at it. */
export function storedRevisions(revisions: readonly CatalogRevisionRow[], refs: readonly CatalogRefRow[]): StoredRevision[] {
  return revisions
    .map((row) => ({
      commit: row.commit_id,
      refs: refs.filter((ref) => ref.commit_id === row.commit_id).map((ref) => ref.ref),
      files: row.files,
      totalSize: row.total_size,
      fetchedAt: row.fetched_at,
    }))
    .reverse();
}
