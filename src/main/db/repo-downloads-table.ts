import type { Db } from './open-database.js';

/** repo_downloads: de-duplicated download counts per repo. */
export function createRepoDownloadsTable(db: Db) {
  const get = db.prepare<[number], { downloads: number }>('SELECT downloads FROM repo_downloads WHERE repo_id = ?');
  const increment = db.prepare<[number, number]>(
    `INSERT INTO repo_downloads (repo_id, downloads, last_download_at) VALUES (?, 1, ?)
     ON CONFLICT (repo_id) DO UPDATE SET downloads = downloads + 1, last_download_at = excluded.last_download_at`,
  );

  return {
    get: (repoId: number): number => get.get(repoId)?.downloads ?? 0,
    increment: (repoId: number, now: number): void => void increment.run(repoId, now),
  };
}

export type RepoDownloadsTable = ReturnType<typeof createRepoDownloadsTable>;
