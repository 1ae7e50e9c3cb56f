import { watch, type FSWatcher } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join, sep } from 'node:path';

/**
 * Plain inotify-style watches (`fs.watch`, not recursive) on the snapshot folders of a cache and
 * their sub-folders. Chokidar would stat every entry of a folder it watches, and resolve every
 * symlink: a snapshot holds one symlink per file, so a 100,000-file cache cost seconds of CPU and
 * hundreds of MiB at start. Here a folder is listed with its entry types (no stat per file) and
 * only folders get a watch; a file's change reaches us through its folder's watch.
 */
export class RevisionWatches {
  private readonly watchers = new Map<string, FSWatcher>();
  private closed = false;

  constructor(
    private readonly onChange: (path: string) => void,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Makes the watched revisions exactly `revisions` (absolute `snapshots/<commit>` folders). */
  async sync(revisions: ReadonlySet<string>): Promise<void> {
    for (const dir of [...this.watchers.keys()]) {
      if (![...revisions].some((revision) => dir === revision || dir.startsWith(`${revision}${sep}`))) this.unwatch(dir);
    }
    for (const revision of revisions) if (!this.watchers.has(revision)) await this.watchTree(revision);
  }

  close(): void {
    this.closed = true;
    for (const dir of [...this.watchers.keys()]) this.unwatch(dir);
  }

  private async watchTree(dir: string): Promise<void> {
    if (this.closed || this.watchers.has(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = watch(dir, { persistent: false }, (_event, name) => void this.changed(dir, name));
    } catch (error) {
      // Gone between listing and watching: the next sync settles it.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') this.onError(error);
      return;
    }
    watcher.on('error', () => this.unwatch(dir));
    this.watchers.set(dir, watcher);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) if (entry.isDirectory()) await this.watchTree(join(dir, entry.name));
  }

  private async changed(dir: string, name: string | null): Promise<void> {
    if (name === null || name === '') {
      this.onChange(dir);
      return;
    }
    const path = join(dir, name);
    this.onChange(path);
    // Only an event costs a stat: a new sub-folder gets its watch, a removed one loses it.
    const stats = await lstat(path).catch(() => undefined);
    if (stats === undefined) {
      for (const watched of [...this.watchers.keys()]) if (watched === path || watched.startsWith(`${path}${sep}`)) this.unwatch(watched);
    } else if (stats.isDirectory()) await this.watchTree(path);
  }

  private unwatch(dir: string): void {
    this.watchers.get(dir)?.close();
    this.watchers.delete(dir);
  }
}

/** The `snapshots/<commit>` folders of every repo in the cache (a missing cache has none). */
export async function listRevisionFolders(root: string, isRepoFolder: (name: string) => boolean): Promise<Set<string>> {
  const revisions = new Set<string>();
  const repos = await readdir(root, { withFileTypes: true }).catch(() => []);
  for (const repo of repos) {
    if (!repo.isDirectory() || !isRepoFolder(repo.name)) continue;
    const snapshots = join(root, repo.name, 'snapshots');
    for (const revision of await readdir(snapshots, { withFileTypes: true }).catch(() => [])) {
      if (revision.isDirectory()) revisions.add(join(snapshots, revision.name));
    }
  }
  return revisions;
}
