import type { Db } from './open-database.js';

export interface CollectionRow {
  id: number;
  public_id: string;
  owner: string;
  title: string;
  description: string | null;
  private: number;
  theme: string;
  position: number;
  created_at: number;
  updated_at: number;
}

export interface NewCollectionRow {
  readonly publicId: string;
  readonly owner: string;
  readonly title: string;
  readonly description: string | null;
  readonly private: boolean;
  readonly theme: string;
  readonly now: number;
}

export interface CollectionMetadataRow {
  readonly title: string;
  readonly description: string | null;
  readonly private: boolean;
  readonly theme: string;
  readonly now: number;
}

/** Which collections a listing shows; every list is matched case-insensitively. */
export interface CollectionListFilter {
  /** Owners whose private collections the caller may see. */
  readonly readableOwners: readonly string[];
  /** Only these owners' collections (all when absent). */
  readonly owners?: readonly string[];
  /** Only collections holding one of these repos (by internal id). */
  readonly repoIds?: readonly number[];
  /** Only collections whose title contains this text (case-insensitive). */
  readonly titleContains?: string;
}

interface ListParams {
  readable: string;
  owners: string | null;
  repos: string | null;
  q: string | null;
  limit: number;
  offset: number;
}

const LIST_FILTER = `(c.private = 0 OR c.owner IN (SELECT value FROM json_each(@readable)))
  AND (@owners IS NULL OR c.owner IN (SELECT value FROM json_each(@owners)))
  AND (@repos IS NULL OR EXISTS (SELECT 1 FROM collection_items i
       WHERE i.collection_id = c.id AND i.repo_id IN (SELECT value FROM json_each(@repos))))
  AND (@q IS NULL OR c.title LIKE '%' || @q || '%' ESCAPE '\\')`;

/** collections: the metadata of each collection; its items are in collection_items. */
export function createCollectionsTable(db: Db) {
  const insert = db.prepare<[Omit<NewCollectionRow, 'private'> & { private: number }]>(
    `INSERT INTO collections (public_id, owner, title, description, private, theme, position, created_at, updated_at)
     VALUES (@publicId, @owner, @title, @description, @private, @theme,
       (SELECT COALESCE(MAX(position), -1) + 1 FROM collections WHERE owner = @owner), @now, @now)`,
  );
  const byId = db.prepare<[number], CollectionRow>('SELECT * FROM collections WHERE id = ?');
  const byPublicId = db.prepare<[string], CollectionRow>('SELECT * FROM collections WHERE public_id = ?');
  const byTitle = db.prepare<[string, string], CollectionRow>(
    'SELECT * FROM collections WHERE owner = ? AND title = ? COLLATE NOCASE ORDER BY id LIMIT 1',
  );
  const ofOwner = db.prepare<[string], CollectionRow>('SELECT * FROM collections WHERE owner = ? ORDER BY position, id');
  const update = db.prepare<[string, string | null, number, string, number, number]>(
    'UPDATE collections SET title = ?, description = ?, private = ?, theme = ?, updated_at = ? WHERE id = ?',
  );
  const setPosition = db.prepare<[number, number]>('UPDATE collections SET position = ? WHERE id = ?');
  const touch = db.prepare<[number, number]>('UPDATE collections SET updated_at = ? WHERE id = ?');
  const remove = db.prepare<[number]>('DELETE FROM collections WHERE id = ?');
  const page = db.prepare<[ListParams], CollectionRow>(
    `SELECT c.* FROM collections c WHERE ${LIST_FILTER} ORDER BY c.updated_at DESC, c.id DESC LIMIT @limit OFFSET @offset`,
  );
  const listParams = (filter: CollectionListFilter, offset: number, limit: number): ListParams => ({
    readable: JSON.stringify(filter.readableOwners.map((owner) => owner.toLowerCase())),
    owners: filter.owners ? JSON.stringify(filter.owners.map((owner) => owner.toLowerCase())) : null,
    repos: filter.repoIds ? JSON.stringify(filter.repoIds) : null,
    q: filter.titleContains === undefined ? null : filter.titleContains.replace(/[\\%_]/g, (c) => `\\${c}`),
    limit,
    offset,
  });

  return {
    /** Adds a collection after the owner's others; returns its id. */
    insert(input: NewCollectionRow): number {
      const result = insert.run({ ...input, private: input.private ? 1 : 0 });
      return Number(result.lastInsertRowid);
    },
    byId: (id: number): CollectionRow | undefined => byId.get(id),
    byPublicId: (publicId: string): CollectionRow | undefined => byPublicId.get(publicId),
    byTitle: (owner: string, title: string): CollectionRow | undefined => byTitle.get(owner, title),
    /** The owner's collections in their order. */
    ofOwner: (owner: string): CollectionRow[] => ofOwner.all(owner),
    update: (id: number, row: CollectionMetadataRow): void =>
      void update.run(row.title, row.description, row.private ? 1 : 0, row.theme, row.now, id),
    setPosition: (id: number, position: number): void => void setPosition.run(position, id),
    touch: (id: number, now: number): void => void touch.run(now, id),
    remove: (id: number): boolean => remove.run(id).changes > 0,
    /** A page of visible collections, most recently updated first. */
    page: (filter: CollectionListFilter, offset: number, limit: number): CollectionRow[] => page.all(listParams(filter, offset, limit)),
  };
}

export type CollectionsTable = ReturnType<typeof createCollectionsTable>;
