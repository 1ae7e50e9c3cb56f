import { mkdirSync, symlinkSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import type { RepoType } from '../../shared/repo-id.js';
import type { CacheLayout } from './cache-layout.js';

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

  async linkNew(type: RepoType, repoId: string, commit: string, path: string, etag: string): Promise<void> {
    if (!this.symlinks) {
      await this.layout.linkSnapshot(type, repoId, commit, path, etag, { symlinks: false });
      return;
    }
    const target = this.layout.snapshotPath(type, repoId, commit, path);
    const dir = dirname(target);
    if (!this.madeDirs.has(dir)) {
      mkdirSync(dir, { recursive: true });
      this.madeDirs.add(dir);
    }
    try {
      symlinkSync(relative(dir, this.layout.blobPath(type, repoId, etag)).split(sep).join('/'), target);
    } catch {
      await this.layout.linkSnapshot(type, repoId, commit, path, etag, { symlinks: true });
    }
  }
}
