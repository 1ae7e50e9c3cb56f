import { join } from 'node:path';
import type { CacheStatus } from '../../shared/app-api.js';
import { isAppError } from '../../shared/errors.js';
import type { RepoType } from '../../shared/repo-id.js';
import { repoFolderName, scanCacheDir, scanRepo, type CacheScan, type CachedRepo } from '../cache/index.js';

/** A fresh scan is reused this long: one screen makes several requests that all need it. */
const SCAN_REUSE_MS = 2000;

/**
 * Reads the HF cache for the UI: one whole-cache scan shared by the requests of a moment, and
 * single-repo scans for the repo screens.
 */
export class CacheScanner {
  private last: { readonly at: number; readonly scan: Promise<CacheScan> } | undefined;

  constructor(
    private readonly cacheDir: () => string,
    private readonly now: () => number = Date.now,
    /** Told of each fresh whole-cache scan (the catalog indexes the cache from it). */
    private readonly onScan: (scan: CacheScan) => void = () => undefined,
  ) {}

  get root(): string {
    return this.cacheDir();
  }

  scan(): Promise<CacheScan> {
    if (this.last && this.now() - this.last.at < SCAN_REUSE_MS) return this.last.scan;
    const scan = scanCacheDir(this.cacheDir());
    this.last = { at: this.now(), scan };
    scan.then(this.onScan, () => undefined);
    scan.catch(() => {
      if (this.last?.scan === scan) this.last = undefined;
    });
    return scan;
  }

  /** Forget the last scan (after a download or a deletion). */
  invalidate(): void {
    this.last = undefined;
  }

  repo(type: RepoType, repoId: string): Promise<CachedRepo> {
    return scanRepo(join(this.cacheDir(), repoFolderName(type, repoId)), type, repoId);
  }

  async status(): Promise<CacheStatus> {
    try {
      await this.scan();
      return { available: true, path: this.root, problem: null };
    } catch (error) {
      // A cache folder that does not exist yet is simply empty (nothing was downloaded so far).
      if (isAppError(error) && error.code === 'NotFound') return { available: true, path: this.root, problem: null };
      return { available: false, path: this.root, problem: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Repos of the cache, or none when the folder does not exist yet. */
  async repos(): Promise<readonly CachedRepo[]> {
    try {
      return (await this.scan()).repos;
    } catch (error) {
      if (isAppError(error) && error.code === 'NotFound') return [];
      throw error;
    }
  }
}
