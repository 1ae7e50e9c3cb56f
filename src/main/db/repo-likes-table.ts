import type { Db } from './open-database.js';

export interface LikedRepoRow {
  readonly repo_id: number;
  readonly created_at: number;
}

/** repo_likes: which user likes which repo (users by their row id in `users`). */
export function createRepoLikesTable(db: Db) {
  const insert = db.prepare<[number, number, number]>('INSERT OR IGNORE INTO repo_likes (repo_id, user_id, created_at) VALUES (?, ?, ?)');
  const remove = db.prepare<[number, number]>('DELETE FROM repo_likes WHERE repo_id = ? AND user_id = ?');
  const count = db.prepare<[number], { likes: number }>('SELECT count(*) AS likes FROM repo_likes WHERE repo_id = ?');
  const byUser = db.prepare<[number], LikedRepoRow>(
    'SELECT repo_id, created_at FROM repo_likes WHERE user_id = ? ORDER BY created_at DESC, repo_id DESC',
  );

  const ofRepo = db.prepare<[number], { user_id: number }>('SELECT user_id FROM repo_likes WHERE repo_id = ? ORDER BY created_at DESC, user_id DESC');

  return {
    /** Adds a like; false when the user already liked the repo. */
    add: (repoId: number, userId: number, now: number): boolean => insert.run(repoId, userId, now).changes > 0,
    /** Removes a like; false when there was none. */
    remove: (repoId: number, userId: number): boolean => remove.run(repoId, userId).changes > 0,
    count: (repoId: number): number => count.get(repoId)?.likes ?? 0,
    /** The users who like a repo, newest like first. */
    likers: (repoId: number): number[] => ofRepo.all(repoId).map((row) => row.user_id),
    /** The repos a user likes, newest like first. */
    likedBy: (userId: number): LikedRepoRow[] => byUser.all(userId),
  };
}

export type RepoLikesTable = ReturnType<typeof createRepoLikesTable>;
