import { createHash } from 'node:crypto';
import { FILE_MODE, TREE_MODE, isOid, objectHeader, serializeTree, type TreeEntry } from '../../shared/git-objects.js';
import type { RemoteTreeEntry } from '../upstream/index.js';

export interface TreeMismatch {
  /** The folder ("" for the root). */
  readonly path: string;
  readonly remote: string;
  readonly local: string | undefined;
}

/** Whether a remote's listing names every file and folder by a git oid (huggingface.co, HubKeeper), so tree oids can be compared. */
export function isGitListing(entries: readonly RemoteTreeEntry[]): boolean {
  return entries.every((entry) => entry.oid !== undefined && isOid(entry.oid));
}

/**
 * The remote's root tree oid, computed from its top-level entries (the API lists every folder's
 * oid but not the root's). Files are taken as mode 100644: the HF API does not tell modes.
 */
export function remoteRootTreeOid(entries: readonly RemoteTreeEntry[]): string {
  const top: TreeEntry[] = entries
    .filter((entry) => !entry.path.includes('/'))
    .map((entry) => ({ name: entry.path, mode: entry.type === 'directory' ? TREE_MODE : FILE_MODE, oid: entry.oid as string }));
  const body = serializeTree(top);
  return createHash('sha1').update(objectHeader('tree', body.length)).update(body).digest('hex');
}

/** Folders (and the root) whose local tree oid differs from the remote's; empty when the trees are equal. */
export function treeMismatches(entries: readonly RemoteTreeEntry[], localRoot: string, localFolderOid: (path: string) => string | undefined): TreeMismatch[] {
  const mismatches: TreeMismatch[] = [];
  const root = remoteRootTreeOid(entries);
  if (root !== localRoot) mismatches.push({ path: '', remote: root, local: localRoot });
  for (const entry of entries) {
    if (entry.type !== 'directory') continue;
    const local = localFolderOid(entry.path);
    if (local !== entry.oid) mismatches.push({ path: entry.path, remote: entry.oid as string, local });
  }
  return mismatches;
}
