import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { formatBytes } from '../../shared/format-bytes.js';
import type { FolderDiff, FolderDiffFile, FolderImportResult } from '../../shared/model-folders.js';
import { DEFAULT_BRANCH } from '../../shared/ref-name.js';
import { formatRepoId, type RepoId } from '../../shared/repo-id.js';
import { hashFileContent, type Author, type CommitOperation, type FileEntryInfo, type Store } from '../store/index.js';
import { listFolderFiles, type FolderFile } from './folder-files.js';

const GITATTRIBUTES = '.gitattributes';

export interface FolderImportRequest {
  readonly folder: string;
  readonly repo: RepoId;
  /** The commit's title (default: "Import FOLDER-NAME"). */
  readonly message?: string;
  readonly author: Author;
  /** Only compute the diff: nothing is written. */
  readonly dryRun?: boolean;
  readonly signal?: AbortSignal;
}

/** A folder compared with the head of a repo's main branch. */
export interface FolderComparison {
  readonly diff: FolderDiff;
  /** The head compared with (undefined when the repo does not exist). */
  readonly head: string | undefined;
  readonly changed: readonly FolderFile[];
  readonly removed: readonly string[];
}

/**
 * Compares a folder with the repo's main branch. A file whose size differs is modified; one the
 * store holds as the same inode (hard-linked by an earlier import) is unchanged without reading
 * it; any other is hashed and compared with its git or LFS oid. `.gitattributes` only counts
 * when the folder has one (the repo's own is kept).
 */
export async function compareFolder(store: Store, folder: string, repo: RepoId, signal?: AbortSignal): Promise<FolderComparison> {
  const files = await listFolderFiles(folder, signal);
  const record = store.findRepo(repo.type, repo.namespace, repo.name);
  const head = record === undefined ? undefined : store.resolveRevision(record.id, DEFAULT_BRANCH);
  const entries = new Map<string, FileEntryInfo>();
  if (head !== undefined) {
    for (const entry of store.listTree(head, '', { recursive: true })) if (entry.type === 'file') entries.set(entry.path, entry);
  }
  const added: FolderFile[] = [];
  const modified: FolderFile[] = [];
  let unchanged = 0;
  for (const file of files) {
    signal?.throwIfAborted();
    const entry = entries.get(file.path);
    entries.delete(file.path);
    if (entry === undefined) added.push(file);
    else if (await sameContent(store, file, entry, signal)) unchanged++;
    else modified.push(file);
  }
  entries.delete(GITATTRIBUTES);
  const removed = [...entries.values()];
  const listed = (list: readonly { path: string; size: number }[]): FolderDiffFile[] => list.map(({ path, size }) => ({ path, size }));
  const sum = (list: readonly { size: number }[]): number => list.reduce((total, item) => total + item.size, 0);
  return {
    diff: {
      added: listed(added), modified: listed(modified), removed: listed(removed), unchanged,
      addedBytes: sum(added), modifiedBytes: sum(modified), removedBytes: sum(removed),
    },
    head,
    changed: [...added, ...modified],
    removed: removed.map((entry) => entry.path),
  };
}

async function sameContent(store: Store, file: FolderFile, entry: FileEntryInfo, signal: AbortSignal | undefined): Promise<boolean> {
  if (file.size !== entry.size) return false;
  const stored = store.contentFile(entry.lfs?.oid ?? entry.oid, entry.size);
  if (stored !== undefined) {
    const info = await stat(stored).catch(() => undefined);
    if (info?.ino === file.ino && info.dev === file.dev) return true;
  }
  const hashed = await hashFileContent(file.file, entry.lfs ? undefined : file.size, signal);
  return entry.lfs ? hashed.sha256 === entry.lfs.oid : hashed.gitOid === entry.oid;
}

/**
 * Imports a folder into a local hub repo (created when missing) as one commit on main holding
 * what changed since the last import. The store shares the files' bytes (a reflink, else a
 * read-only hard link, else a copy) and applies the LFS rules as for API commits. Everything is
 * checked before anything is written; a repo this call created is removed again if the commit fails.
 */
export async function importFolder(store: Store, request: FolderImportRequest): Promise<FolderImportResult> {
  const comparison = await compareFolder(store, request.folder, request.repo, request.signal);
  const { diff, head } = comparison;
  const nothing = comparison.changed.length === 0 && comparison.removed.length === 0;
  if (head === undefined && nothing) throw new AppError('BadRequest', `${request.folder} holds no file to import`);
  const result = {
    repo: formatRepoId(request.repo), repoType: request.repo.type, folder: request.folder, parent: head ?? null, diff,
  };
  if (request.dryRun === true || nothing) return { ...result, created: false, commit: null, dryRun: request.dryRun === true };

  const operations: CommitOperation[] = [];
  for (const file of comparison.changed) {
    // .gitattributes goes in as data: the commit then applies its LFS rules to the other files.
    const content = file.path === GITATTRIBUTES ? { data: await readFile(file.file) } : { file: file.file, share: true };
    operations.push({ type: 'add', path: file.path, content });
  }
  for (const path of comparison.removed) operations.push({ type: 'delete', path });

  const created = head === undefined ? store.createRepo({ ...request.repo, author: request.author }) : undefined;
  const repo = created ?? store.getRepo(request.repo.type, request.repo.namespace, request.repo.name);
  try {
    const commit = await store.commit({
      repoId: repo.id,
      branch: DEFAULT_BRANCH,
      parentCommit: head ?? store.resolveRevision(repo.id, DEFAULT_BRANCH),
      title: request.message ?? `Import ${basename(request.folder)}`,
      description: describeDiff(diff),
      author: request.author,
      operations,
      ...(request.signal ? { signal: request.signal } : {}),
    });
    return { ...result, created: created !== undefined, commit: commit.commitOid, parent: commit.parentOid ?? null, dryRun: false };
  } catch (error) {
    if (created !== undefined) store.deleteRepo(created.id);
    throw error;
  }
}

/** One line per kind of change, as a commit description and the CLI's summary. */
export function describeDiff(diff: FolderDiff): string {
  const line = (label: string, files: readonly FolderDiffFile[], bytes: number): string | undefined =>
    files.length === 0 ? undefined : `${label}: ${files.length} file${files.length === 1 ? '' : 's'} (${formatBytes(bytes)})`;
  return [
    line('Added', diff.added, diff.addedBytes),
    line('Modified', diff.modified, diff.modifiedBytes),
    line('Removed', diff.removed, diff.removedBytes),
  ].filter((text): text is string => text !== undefined).join('\n') || 'No change';
}
