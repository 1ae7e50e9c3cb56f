import { lfsPointerSize } from '../../shared/lfs-pointer.js';
import type { CatalogTreeQueries } from '../db/index.js';
import { resolveUrl } from '../upstream/index.js';
import type { StoredStructure } from './tracked-repo.js';

/** One file in the seed model manager's export. */
export interface ExportedFile {
  readonly size: number;
  /** LFS files only; pointer_size is the length of the pointer file git stores. */
  readonly lfs?: { readonly size: number; readonly sha256: string; readonly pointer_size: number };
  readonly oid: string;
  readonly download_url: string;
}

/**
 * A stored structure as the seed model manager wrote it (`model_id`, `branch`, `fetched_at`,
 * `files` by path, `total_files`, `total_size`), as JSON text in pieces: one per file, so a
 * 100k-file repo is written without building it in memory. Download URLs resolve the commit on
 * `endpoint`.
 */
export function* exportStructure(queries: CatalogTreeQueries, structure: StoredStructure, branch: string, endpoint: string): Generator<string> {
  const { repo, revision } = structure;
  const head = { model_id: repo.repo, branch, commit: revision.commit_id, fetched_at: new Date(revision.fetched_at).toISOString() };
  yield `${JSON.stringify(head).slice(0, -1)},"files":{`;
  let first = true;
  for (const row of queries.filesOf(revision.root_folder)) {
    const file: ExportedFile = {
      size: row.size,
      ...(row.lfs_sha256 === null ? {} : { lfs: { size: row.lfs_size ?? row.size, sha256: row.lfs_sha256, pointer_size: lfsPointerSize(row.lfs_size ?? row.size) } }),
      oid: row.oid,
      download_url: resolveUrl(endpoint, repo.repoType, repo.repo, revision.commit_id, row.path),
    };
    yield `${first ? '' : ','}\n${JSON.stringify(row.path)}:${JSON.stringify(file)}`;
    first = false;
  }
  yield `},"total_files":${revision.files},"total_size":${revision.total_size}}\n`;
}
