import { randomBytes } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import {
  createCollectionItemsTable, createCollectionsTable, type CollectionItemRow, type CollectionItemTarget, type CollectionItemsTable,
  type CollectionListFilter, type CollectionRow, type CollectionsTable,
} from '../db/index.js';
import type { StoreContext } from './store-context.js';

export type { CollectionItemTarget, CollectionListFilter } from '../db/index.js';

export const DEFAULT_COLLECTION_THEME = 'indigo';

export interface Collection {
  readonly id: number;
  /** 24 hex digits: the end of every slug the collection ever had. */
  readonly publicId: string;
  readonly owner: string;
  readonly title: string;
  readonly description: string | undefined;
  readonly private: boolean;
  readonly theme: string;
  /** Its place among the owner's collections, from 0. */
  readonly position: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export interface CollectionItem {
  readonly id: number;
  readonly position: number;
  readonly target: CollectionItemTarget;
  readonly note: string | undefined;
  readonly createdAt: number;
}

export interface NewCollection {
  readonly owner: string;
  readonly title: string;
  readonly description?: string;
  readonly private: boolean;
}

/** Fields to change; absent ones stay. A position moves the collection among its owner's. */
export interface CollectionUpdate {
  readonly title?: string;
  readonly description?: string;
  readonly private?: boolean;
  readonly theme?: string;
  readonly position?: number;
}

export interface CollectionItemUpdate {
  readonly note?: string;
  readonly position?: number;
}

/**
 * Collections of repos (and of other collections): titled, ordered lists owned by a user or an
 * organisation. Who may see or change them is the caller's business (hub/); this keeps the
 * rules of the data: one item per target, positions 0..n-1, a title unique per owner.
 */
export class Collections {
  private readonly collections: CollectionsTable;
  private readonly items: CollectionItemsTable;

  constructor(private readonly ctx: StoreContext) {
    this.collections = createCollectionsTable(ctx.db);
    this.items = createCollectionItemsTable(ctx.db);
  }

  /** 409 (with the existing one in `existing`) when the owner already has a collection of that title. */
  create(input: NewCollection): Collection {
    return this.ctx.db.transaction(() => {
      const existing = this.collections.byTitle(input.owner, input.title);
      if (existing) throw new CollectionExistsError(toCollection(existing));
      const id = this.collections.insert({
        publicId: randomBytes(12).toString('hex'),
        owner: input.owner,
        title: input.title,
        description: input.description ?? null,
        private: input.private,
        theme: DEFAULT_COLLECTION_THEME,
        now: this.ctx.now(),
      });
      return this.byId(id);
    }).immediate();
  }

  find(publicId: string): Collection | undefined {
    const row = this.collections.byPublicId(publicId.toLowerCase());
    return row ? toCollection(row) : undefined;
  }

  byId(id: number): Collection {
    const row = this.collections.byId(id);
    if (!row) throw new AppError('NotFound', 'Collection not found');
    return toCollection(row);
  }

  list(filter: CollectionListFilter, offset: number, limit: number): Collection[] {
    return this.collections.page(filter, offset, limit).map(toCollection);
  }

  update(id: number, update: CollectionUpdate): Collection {
    return this.ctx.db.transaction(() => {
      const current = this.byId(id);
      const title = update.title ?? current.title;
      if (title.toLowerCase() !== current.title.toLowerCase()) {
        const clash = this.collections.byTitle(current.owner, title);
        if (clash && clash.id !== id) throw new CollectionExistsError(toCollection(clash));
      }
      this.collections.update(id, {
        title,
        description: update.description ?? current.description ?? null,
        private: update.private ?? current.private,
        theme: update.theme ?? current.theme,
        now: this.ctx.now(),
      });
      if (update.position !== undefined) {
        const order = reorder(this.collections.ofOwner(current.owner).map((row) => row.id), id, update.position);
        order.forEach((collectionId, position) => this.collections.setPosition(collectionId, position));
      }
      return this.byId(id);
    }).immediate();
  }

  delete(id: number): void {
    this.ctx.db.transaction(() => {
      const current = this.byId(id);
      this.collections.remove(id);
      this.collections.ofOwner(current.owner).forEach((row, position) => this.collections.setPosition(row.id, position));
    }).immediate();
  }

  itemsOf(id: number): CollectionItem[] {
    return this.items.ofCollection(id).map(toItem);
  }

  /** Appends an item; 409 when the collection already holds it. */
  addItem(id: number, target: CollectionItemTarget, note: string | undefined): CollectionItem {
    return this.ctx.db.transaction(() => {
      this.byId(id);
      if ('collectionId' in target && target.collectionId === id) throw new AppError('BadRequest', 'A collection cannot contain itself');
      if (this.items.find(id, target)) throw new AppError('Conflict', 'This item is already in the collection');
      const now = this.ctx.now();
      const itemId = this.items.insert(id, target, note ?? null, now);
      this.collections.touch(id, now);
      return toItem(this.items.get(id, itemId) as CollectionItemRow);
    }).immediate();
  }

  updateItem(id: number, itemId: number, update: CollectionItemUpdate): CollectionItem {
    return this.ctx.db.transaction(() => {
      const current = this.items.get(id, itemId);
      if (!current) throw itemNotFound();
      if (update.note !== undefined) this.items.setNote(itemId, update.note === '' ? null : update.note);
      if (update.position !== undefined) {
        const order = reorder(this.items.ofCollection(id).map((row) => row.id), itemId, update.position);
        order.forEach((item, position) => this.items.setPosition(item, position));
      }
      this.collections.touch(id, this.ctx.now());
      return toItem(this.items.get(id, itemId) as CollectionItemRow);
    }).immediate();
  }

  deleteItem(id: number, itemId: number): void {
    this.ctx.db.transaction(() => {
      if (!this.items.remove(id, itemId)) throw itemNotFound();
      this.items.ofCollection(id).forEach((row, position) => this.items.setPosition(row.id, position));
      this.collections.touch(id, this.ctx.now());
    }).immediate();
  }
}

/** The owner already has a collection with this title: HF answers 409 with its slug. */
export class CollectionExistsError extends AppError {
  constructor(readonly existing: Collection) {
    super('Conflict', `A collection titled "${existing.title}" already exists`);
  }
}

/** The ids in their new order: `id` moved to `position` (clamped to the list). */
function reorder(ids: readonly number[], id: number, position: number): number[] {
  const rest = ids.filter((other) => other !== id);
  const at = Math.max(0, Math.min(position, rest.length));
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}

function itemNotFound(): AppError {
  return new AppError('NotFound', 'Item not found in this collection');
}

function toCollection(row: CollectionRow): Collection {
  return {
    id: row.id,
    publicId: row.public_id,
    owner: row.owner,
    title: row.title,
    description: row.description ?? undefined,
    private: row.private === 1,
    theme: row.theme,
    position: row.position,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toItem(row: CollectionItemRow): CollectionItem {
  return {
    id: row.id,
    position: row.position,
    target: row.repo_id !== null ? { repoId: row.repo_id } : { collectionId: row.item_collection as number },
    note: row.note ?? undefined,
    createdAt: row.created_at,
  };
}
