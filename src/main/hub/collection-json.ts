import type { Accounts } from '../accounts/index.js';
import { isoDate } from '../http/index.js';
import type { Collection, CollectionItem, RepoRecord, Store } from '../store/index.js';
import { avatarUrl } from './whoami.js';

/** A listing shows at most this many items of each collection, as HF does. */
export const LISTED_ITEMS = 4;

export interface CollectionOwnerJson {
  readonly name: string;
  readonly fullname: string;
  readonly avatarUrl: string;
  readonly type: 'user' | 'org';
  readonly isPro: false;
  readonly isHf: false;
}

export interface CollectionItemJson {
  readonly _id: string;
  readonly position: number;
  readonly type: RepoRecord['type'] | 'collection';
  /** A repo's id, or a collection's slug. */
  readonly id: string;
  readonly note?: { readonly text: string; readonly html: string };
  readonly [field: string]: unknown;
}

export interface CollectionJson {
  readonly slug: string;
  readonly title: string;
  readonly description?: string;
  readonly gating: false;
  readonly lastUpdated: string;
  readonly owner: CollectionOwnerJson;
  readonly items: readonly CollectionItemJson[];
  readonly theme: string;
  readonly private: boolean;
  readonly upvotes: 0;
  readonly isUpvotedByUser: false;
  readonly position: number;
  readonly shareUrl: string;
}

/** A collection in a listing: no position (Python numbers them itself) and at most four items. */
export type ListedCollectionJson = Omit<CollectionJson, 'position'>;

/** `{owner}/{title as words}-{id}`: the title part changes with the title; the id never does. */
export function collectionSlug(collection: Pick<Collection, 'owner' | 'title' | 'publicId'>): string {
  const words = collection.title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${collection.owner}/${words === '' ? '' : `${words}-`}${collection.publicId}`;
}

/** The id at the end of a slug's last segment, or undefined when there is none. */
export function collectionIdOfSlug(slugTail: string): string | undefined {
  return /(?:^|-)([0-9a-f]{24})$/i.exec(slugTail)?.[1]?.toLowerCase();
}

/** Item ids on the wire are 24 hex digits, as HF's object ids are. */
export function itemIdJson(id: number): string {
  return id.toString(16).padStart(24, '0');
}

export function parseItemId(text: string): number | undefined {
  if (!/^[0-9a-f]{1,24}$/i.test(text)) return undefined;
  const id = Number.parseInt(text, 16);
  return Number.isSafeInteger(id) ? id : undefined;
}

/** Writes collections as huggingface.co sends them, showing only the items the viewer may see. */
export class CollectionJsonWriter {
  constructor(
    private readonly accounts: Accounts,
    private readonly store: Store,
    private readonly base: string,
    private readonly mayRead: {
      repo(repo: RepoRecord): boolean;
      collection(collection: Collection): boolean;
    },
  ) {}

  listed(collection: Collection): ListedCollectionJson {
    const { position: _position, ...rest } = this.collection(collection, LISTED_ITEMS);
    return rest;
  }

  collection(collection: Collection, itemLimit = Infinity): CollectionJson {
    const items: CollectionItemJson[] = [];
    for (const item of this.store.collections.itemsOf(collection.id)) {
      if (items.length >= itemLimit) break;
      const json = this.item(item);
      if (json) items.push(json);
    }
    const slug = collectionSlug(collection);
    return {
      slug,
      title: collection.title,
      ...(collection.description ? { description: collection.description } : {}),
      gating: false,
      lastUpdated: isoDate(collection.updatedAt),
      owner: this.owner(collection.owner),
      items,
      theme: collection.theme,
      private: collection.private,
      upvotes: 0,
      isUpvotedByUser: false,
      position: collection.position,
      shareUrl: `${this.base}/collections/${slug}`,
    };
  }

  private item(item: CollectionItem): CollectionItemJson | undefined {
    const common = {
      _id: itemIdJson(item.id),
      position: item.position,
      ...(item.note === undefined ? {} : { note: { text: item.note, html: escapeHtml(item.note) } }),
    };
    if ('repoId' in item.target) {
      const repo = this.store.getRepoById(item.target.repoId);
      if (!repo || !this.mayRead.repo(repo)) return undefined;
      return {
        ...common,
        type: repo.type,
        id: repo.fullName,
        repoType: repo.type,
        author: repo.namespace,
        private: repo.private,
        gated: repo.gated,
        lastModified: isoDate(repo.updatedAt),
        likes: 0,
        downloads: this.store.downloadCount(repo.id),
      };
    }
    const inner = this.store.collections.byId(item.target.collectionId);
    if (!this.mayRead.collection(inner)) return undefined;
    return {
      ...common,
      type: 'collection',
      id: inner.publicId,
      slug: collectionSlug(inner),
      title: inner.title,
      ...(inner.description ? { description: inner.description } : {}),
      lastUpdated: isoDate(inner.updatedAt),
      owner: this.owner(inner.owner),
      theme: inner.theme,
      private: inner.private,
    };
  }

  private owner(name: string): CollectionOwnerJson {
    const user = this.accounts.getUser(name);
    const org = user ? undefined : this.accounts.getOrg(name);
    return {
      name,
      fullname: user?.fullname || org?.fullname || name,
      avatarUrl: avatarUrl(name),
      type: org ? 'org' : 'user',
      isPro: false,
      isHf: false,
    };
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
