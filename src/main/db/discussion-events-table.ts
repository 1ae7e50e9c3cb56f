import type { Db } from './open-database.js';

export const DISCUSSION_EVENT_TYPES = ['comment', 'status-change', 'commit', 'title-change'] as const;
export type DiscussionEventType = (typeof DISCUSSION_EVENT_TYPES)[number];

export interface DiscussionEventRow {
  id: number;
  type: DiscussionEventType;
  author: string;
  created_at: number;
  /** JSON text; its shape depends on the type. */
  data: string;
}

export interface NewDiscussionEvent {
  readonly repoId: number;
  readonly num: number;
  readonly type: DiscussionEventType;
  readonly author: string;
  readonly createdAt: number;
  readonly data: unknown;
}

/** discussion_events: what happened in a discussion, oldest first. */
export function createDiscussionEventsTable(db: Db) {
  const insert = db.prepare<[number, number, string, string, number, string]>(
    'INSERT INTO discussion_events (repo_id, num, type, author, created_at, data) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const list = db.prepare<[number, number], DiscussionEventRow>(
    'SELECT id, type, author, created_at, data FROM discussion_events WHERE repo_id = ? AND num = ? ORDER BY id',
  );
  const get = db.prepare<[number, number, number], DiscussionEventRow>(
    'SELECT id, type, author, created_at, data FROM discussion_events WHERE repo_id = ? AND num = ? AND id = ?',
  );
  const setData = db.prepare<[string, number]>('UPDATE discussion_events SET data = ? WHERE id = ?');

  return {
    /** Records an event; returns its id. */
    insert: (event: NewDiscussionEvent): number =>
      Number(insert.run(event.repoId, event.num, event.type, event.author, event.createdAt, JSON.stringify(event.data)).lastInsertRowid),
    list: (repoId: number, num: number): DiscussionEventRow[] => list.all(repoId, num),
    get: (repoId: number, num: number, id: number): DiscussionEventRow | undefined => get.get(repoId, num, id),
    setData: (id: number, data: unknown): void => void setData.run(JSON.stringify(data), id),
  };
}

export type DiscussionEventsTable = ReturnType<typeof createDiscussionEventsTable>;
