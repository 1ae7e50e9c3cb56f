import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DownloadEngine } from '../../../src/main/download/index.js';
import type { RepoType } from '../../../src/shared/repo-id.js';
import type { Cleanup } from '../../helpers/start-server.js';

/**
 * Fills an HF cache the way `hf download` would: the real download engine fetching from a real
 * HubKeeper server. Returns the snapshot's commit.
 */
export async function fillCache(cacheDir: string, endpoint: string, repoId: string, options: { revision?: string; repoType?: RepoType } = {}): Promise<string> {
  const engine = new DownloadEngine({ cacheDir, endpoint });
  try {
    const result = await engine.snapshotDownload(repoId, { repoType: options.repoType ?? 'model', revision: options.revision ?? 'main' });
    return result.commit;
  } finally {
    await engine.close();
  }
}

/** An empty folder for an HF cache, removed when the test ends. */
export async function tempCacheDir(cleanup: Cleanup): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'hubkeeper-e2e-cache-'));
  cleanup.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
