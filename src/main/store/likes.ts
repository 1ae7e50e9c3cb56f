import { createRepoLikesTable, type RepoLikesTable } from '../db/index.js';
import { toRepoRecord, type RepoRecord } from './repo-record.js';
import type { StoreContext } from './store-context.js';

export interface LikedRepo {
  readonly repo: RepoRecord;
  /** Milliseconds since the epoch. */
  readonly likedAt: number;
}

/** Likes of repos by users (users by id: a renamed user keeps their likes). */
export class Likes {
  private readonly table: RepoLikesTable;

  constructor(private readonly ctx: StoreContext) {
    this.table = createRepoLikesTable(ctx.db);
  }

  /** Likes a repo; liking twice changes nothing. */
  like(repoId: number, userId: number): void {
    this.table.add(repoId, userId, this.ctx.now());
  }

  /** Removes a like; unliking a repo not liked changes nothing. */
  unlike(repoId: number, userId: number): void {
    this.table.remove(repoId, userId);
  }

  count(repoId: number): number {
    return this.table.count(repoId);
  }

  /** The ids of the users who like a repo, newest like first. */
  likers(repoId: number): number[] {
    return this.table.likers(repoId);
  }

  /** The repos a user likes, newest like first. */
  likedBy(userId: number): LikedRepo[] {
    const liked: LikedRepo[] = [];
    for (const row of this.table.likedBy(userId)) {
      const repo = this.ctx.repos.findById(row.repo_id);
      if (repo) liked.push({ repo: toRepoRecord(repo), likedAt: row.created_at });
    }
    return liked;
  }
}
