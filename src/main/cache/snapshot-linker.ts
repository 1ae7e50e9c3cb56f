import { mkdirSync, symlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RepoType } from '../../shared/repo-id.js';
import { checkEtag, type CacheLayout } from './cache-layout.js';

/** A relative symlink from a snapshot path to its blob. */
export interface SnapshotLink {
  readonly path: string;
  readonly target: string;
}

/**
 * Links many new files of one snapshot: a relative symlink made in one call, where
 * CacheLayout.linkSnapshot (the general case, and the symlink-less fallback it handles) spends
 * four on each file (mkdir, readlink, symlink to a temp name, rename). Folders are made once.
 * Only for paths known to be absent; anything unexpected goes to linkSnapshot. Synchronous: a
 * link costs microseconds, a thread-pool round trip more (see small-file-fetch.ts).
 */
export class SnapshotLinker {
  private readonly madeDirs = new Set<string>();

  constructor(
    private readonly layout: CacheLayout,
    private readonly symlinks: boolean,
  ) {}

  /** The symlink a new file gets; undefined where snapshots hold copies (no symlinks allowed). */
  newLink(type: RepoType, repoId: string, commit: string, path: string, etag: string): SnapshotLink | undefined {
    if (!this.symlinks) return undefined;
    // From snapshots/<commit>/<path>'s folder up to the repo folder, then down to blobs/ (what os.path.relpath gives Python).
    const up = '../'.repeat(path.split('/').length + 1);
    return { path: this.layout.snapshotPath(type, repoId, commit, path), target: `${up}blobs/${checkEtag(etag)}` };
  }

  async linkNew(type: RepoType, repoId: string, commit: string, path: string, etag: string): Promise<void> {
    const link = this.newLink(type, repoId, commit, path, etag);
    if (link === undefined) return this.linkAnyway(type, repoId, commit, path, etag);
    const dir = dirname(link.path);
    try {
      if (!this.madeDirs.has(dir)) {
        mkdirSync(dir, { recursive: true });
        this.madeDirs.add(dir);
      }
      symlinkSync(link.target, link.path);
    } catch {
      await this.linkAnyway(type, repoId, commit, path, etag);
    }
  }

  /** The general way, for a link `newLink` could not make: replaces what is there, falls back to copies. */
  async linkAnyway(type: RepoType, repoId: string, commit: string, path: string, etag: string): Promise<void> {
    await this.layout.linkSnapshot(type, repoId, commit, path, etag, { symlinks: this.symlinks });
  }
}
