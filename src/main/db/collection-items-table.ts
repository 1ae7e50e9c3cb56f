import type { Db } from './open-database.js';

export interface CollectionItemRow {
  id: number;
  collection_id: number;
  position: number;
  repo_id: number | null;
  item_collection: number | null;
  note: string | null;
  created_at: number;
}

/** What an item points at: a repo or another collection (internal ids). */
export type CollectionItemTarget = { readonly repoId: number } | { readonly collectionId: number };

interface InsertParams {
  collectionId: number;
  repoId: number | null;
  itemCollection: number | null;
  note: string | null;
  now: number;
}

/** collection_items: the ordered items of each collection. */
export function createCollectionItemsTable(db: Db) {
  const insert = db.prepare<[InsertParams]>(
    `INSERT INTO collection_items (collection_id, position, repo_id, item_collection, note, created_at)
     VALUES (@collectionId, (SELECT COALESCE(MAX(position), -1) + 1 FROM collection_items WHERE collection_id = @collectionId),
       @repoId, @itemCollection, @note, @now)`,
  );
  const get = db.prepare<[number, number], CollectionItemRow>('SELECT * FROM collection_items WHERE collection_id = ? AND id = ?');
  const find = db.prepare<[{ collectionId: number; repoId: number | null; itemCollection: number | null }], CollectionItemRow>(
    'SELECT * FROM collection_items WHERE collection_id = @collectionId AND (repo_id = @repoId OR item_collection = @itemCollection)',
  );
  const ofCollection = db.prepare<[number], CollectionItemRow>('SELECT * FROM collection_items WHERE collection_id = ? ORDER BY position, id');
  const setNote = db.prepare<[string | null, number]>('UPDATE collection_items SET note = ? WHERE id = ?');
  const setPosition = db.prepare<[number, number]>('UPDATE collection_items SET position = ? WHERE id = ?');
  const remove = db.prepare<[number, number]>('DELETE FROM collection_items WHERE collection_id = ? AND id = ?');
  const ids = (target: CollectionItemTarget) =>
    'repoId' in target ? { repoId: target.repoId, itemCollection: null } : { repoId: null, itemCollection: target.collectionId };

  return {
    /** Appends an item at the end; returns its id. */
    insert(collectionId: number, target: CollectionItemTarget, note: string | null, now: number): number {
      return Number(insert.run({ collectionId, ...ids(target), note, now }).lastInsertRowid);
    },
    get: (collectionId: number, itemId: number): CollectionItemRow | undefined => get.get(collectionId, itemId),
    find: (collectionId: number, target: CollectionItemTarget): CollectionItemRow | undefined => find.get({ collectionId, ...ids(target) }),
    /** The items in their order. */
    ofCollection: (collectionId: number): CollectionItemRow[] => ofCollection.all(collectionId),
    setNote: (itemId: number, note: string | null): void => void setNote.run(note, itemId),
    setPosition: (itemId: number, position: number): void => void setPosition.run(position, itemId),
    remove: (collectionId: number, itemId: number): boolean => remove.run(collectionId, itemId).changes > 0,
  };
}

export type CollectionItemsTable = ReturnType<typeof createCollectionItemsTable>;
