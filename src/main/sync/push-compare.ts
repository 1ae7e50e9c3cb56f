import { isOid } from '../../shared/git-objects.js';
import type { FileEntryInfo } from '../store/index.js';
import type { RemoteTreeEntry } from '../upstream/index.js';
import { isGitListing } from './tree-check.js';

/**
 * What a file is, for comparing a local tree with a remote listing, by path. A git-based hub
 * (huggingface.co, HubKeeper) names every file by its git blob oid (of the pointer for LFS
 * files), so both sides are compared by that. KohakuHub names an LFS file by its sha256 and a
 * regular file by its git blob oid or its content's sha256 (depending on its version): each
 * remote file is compared by the hash it gives, the local side by the same kind of hash.
 */
export type FileKeys = ReadonlyMap<string, string>;

/** The local side's hashes, as the store knows them (nothing is read or hashed). */
export interface LocalHashes {
  readonly files: ReadonlyMap<string, FileEntryInfo>;
  contentSha256(entry: FileEntryInfo): string | undefined;
}

/** How a remote listing names its files. */
export class RemoteFiles {
  readonly entries: ReadonlyMap<string, RemoteTreeEntry & { type: 'file' }>;
  /** Every file and folder has a git oid: the listing can be compared by oid and its tree oids checked. */
  readonly git: boolean;

  constructor(listing: readonly RemoteTreeEntry[]) {
    const entries = new Map<string, RemoteTreeEntry & { type: 'file' }>();
    for (const entry of listing) if (entry.type === 'file') entries.set(entry.path, entry);
    this.entries = entries;
    this.git = isGitListing(listing);
  }

  /** Each remote file's key. */
  keys(): Map<string, string> {
    return new Map([...this.entries].map(([path, entry]) => [path, this.git ? `git:${entry.oid}` : remoteKey(entry)]));
  }

  /** Each local file's key, of the kind the remote gives for the same path. */
  localKeys(local: LocalHashes): Map<string, string> {
    const keys = new Map<string, string>();
    for (const [path, entry] of local.files) keys.set(path, this.localKey(entry, local));
    return keys;
  }

  /** Whether the remote lacks a local file or holds other content at its path. */
  differs(entry: FileEntryInfo, local: LocalHashes): boolean {
    const remote = this.entries.get(entry.path);
    return remote === undefined || (this.git ? `git:${remote.oid}` : remoteKey(remote)) !== this.localKey(entry, local);
  }

  private localKey(entry: FileEntryInfo, local: LocalHashes): string {
    const remote = this.entries.get(entry.path);
    if (this.git || (remote !== undefined && remote.lfs === undefined && isOid(remote.oid))) return `git:${entry.oid}`;
    return `sha256:${local.contentSha256(entry) ?? `unknown ${entry.oid}`}`;
  }
}

function remoteKey(entry: RemoteTreeEntry & { type: 'file' }): string {
  if (entry.lfs !== undefined) return `sha256:${entry.lfs.oid}`;
  return isOid(entry.oid) ? `git:${entry.oid}` : `sha256:${entry.oid}`;
}
