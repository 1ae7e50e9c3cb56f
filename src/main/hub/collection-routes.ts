import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { isRepoType, type RepoType } from '../../shared/repo-id.js';
import type { Principal } from '../accounts/index.js';
import { baseUrl, requireWrite } from '../http/index.js';
import { CollectionExistsError, type Collection, type CollectionItemTarget, type RepoRecord } from '../store/index.js';
import { CollectionJsonWriter, collectionIdOfSlug, collectionSlug, parseItemId } from './collection-json.js';
import type { HubDeps } from './hub-deps.js';
import { nextLink } from './pagination.js';
import { canRead, canWriteNamespace, readableNamespaces } from './repo-access.js';
import { repoTypeFromPlural } from './repo-type-plural.js';

const MAX_TITLE = 100;
const MAX_DESCRIPTION = 1000;
/** HF's limit on an item's note. */
const MAX_NOTE = 500;
const PAGE_SIZE = 100;

const title = z.string().trim().min(1, 'must not be empty').max(MAX_TITLE);
const createBody = z.object({
  title,
  namespace: z.string().min(1).max(100),
  description: z.string().max(MAX_DESCRIPTION).nullish(),
  private: z.boolean().nullish(),
});
const updateBody = z.object({
  title: title.optional(),
  description: z.string().max(MAX_DESCRIPTION).optional(),
  position: z.number().int().min(0).optional(),
  private: z.boolean().optional(),
  theme: z.string().regex(/^[a-z]{1,20}$/, 'must be a colour name such as "indigo"').optional(),
});
const addItemBody = z.object({
  item: z.object({ id: z.string().min(1).max(300), type: z.enum(['model', 'dataset', 'space', 'collection', 'paper', 'bucket']) }),
  note: z.string().max(MAX_NOTE).nullish(),
});
const updateItemBody = z.object({ note: z.string().max(MAX_NOTE).optional(), position: z.number().int().min(0).optional() });
const stringList = z.union([z.string(), z.array(z.string())]).transform((value) => (Array.isArray(value) ? value : [value]));
const listQuery = z.object({
  owner: stringList.optional(),
  item: stringList.optional(),
  q: z.string().max(200).optional(),
  sort: z.enum(['lastModified', 'trending', 'upvotes']).optional(),
  limit: z.coerce.number().int().min(1).max(10_000).optional(),
  p: z.coerce.number().int().min(0).max(1_000_000).optional(),
});

interface SlugParams {
  ns: string;
  slug: string;
}

/**
 * Collections (`/api/collections/...`), as huggingface.co serves them: slugs are
 * `{owner}/{title}-{id}` and any slug ending in the id resolves, so an old slug keeps working
 * after a new title. Private collections, and items the caller may not read, are visible to the
 * owner's members only; changes need a write token of the owner (or of one of its writers).
 */
export function registerCollectionRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store } = deps;
  const writerFor = (request: FastifyRequest) =>
    new CollectionJsonWriter(deps.accounts, store, baseUrl(request), {
      repo: (repo) => canRead(deps, request, repo),
      collection: (collection) => mayReadCollection(deps, request, collection),
    });

  app.get('/api/collections', (request, reply) => {
    const query = listQuery.parse(request.query);
    const repoIds = query.item?.map((item) => findItemRepo(deps, request, item)?.id ?? -1);
    const page = query.p ?? 0;
    const size = Math.min(query.limit ?? PAGE_SIZE, PAGE_SIZE);
    const collections = store.collections.list(
      {
        readableOwners: readableNamespaces(deps, request),
        ...(query.owner ? { owners: query.owner } : {}),
        ...(repoIds ? { repoIds } : {}),
        ...(query.q ? { titleContains: query.q } : {}),
      },
      page * size,
      size,
    );
    if (collections.length === size) {
      const next = new URL(request.url, baseUrl(request));
      next.searchParams.set('p', String(page + 1));
      void reply.header('link', nextLink(next.toString()));
    }
    const json = writerFor(request);
    return collections.map((collection) => json.listed(collection));
  });

  app.post('/api/collections', (request) => {
    const principal = requireWrite(request);
    const body = createBody.parse(request.body ?? {});
    const owner = writableOwner(deps, request, principal, body.namespace);
    try {
      const collection = store.collections.create({
        owner,
        title: body.title,
        private: body.private ?? false,
        ...(body.description ? { description: body.description } : {}),
      });
      return writerFor(request).collection(collection);
    } catch (error) {
      throw withSlug(error);
    }
  });

  app.get<{ Params: SlugParams }>('/api/collections/:ns/:slug', (request) =>
    writerFor(request).collection(loadCollection(deps, request)),
  );

  app.patch<{ Params: SlugParams }>('/api/collections/:ns/:slug', (request) => {
    const collection = loadCollectionForChange(deps, request);
    const body = updateBody.parse(request.body ?? {});
    try {
      const updated = store.collections.update(collection.id, dropUndefined(body));
      return { success: true, data: writerFor(request).collection(updated) };
    } catch (error) {
      throw withSlug(error);
    }
  });


  app.post<{ Params: SlugParams }>('/api/collections/:ns/:slug/items', (request) => {
    const collection = loadCollectionForChange(deps, request);
    const body = addItemBody.parse(request.body ?? {});
    const target = itemTarget(deps, request, body.item.type, body.item.id);
    store.collections.addItem(collection.id, target, body.note?.trim() || undefined);
    return writerFor(request).collection(store.collections.byId(collection.id));
  });

  app.patch<{ Params: SlugParams & { item: string } }>('/api/collections/:ns/:slug/items/:item', (request) => {
    const collection = loadCollectionForChange(deps, request);
    const body = updateItemBody.parse(request.body ?? {});
    store.collections.updateItem(collection.id, itemParam(request.params.item), dropUndefined(body));
    return { success: true, data: writerFor(request).collection(store.collections.byId(collection.id)) };
  });


  // JS sends its deletes with a JSON content type and no body: these routes read no body at all.
  void app.register((scope, _options, done) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, parsed) => parsed(null, undefined));
    scope.delete<{ Params: SlugParams }>('/api/collections/:ns/:slug', (request) => {
      store.collections.delete(loadCollectionForChange(deps, request).id);
      return { success: true };
    });
    scope.delete<{ Params: SlugParams & { item: string } }>('/api/collections/:ns/:slug/items/:item', (request) => {
      const collection = loadCollectionForChange(deps, request);
      store.collections.deleteItem(collection.id, itemParam(request.params.item));
      return { success: true };
    });
    done();
  });
}

function collectionNotFound(): AppError {
  return new AppError('NotFound', 'Collection not found');
}

/** Whether the caller may see a collection: public, or a member of its owner's namespace. */
function mayReadCollection(deps: HubDeps, request: FastifyRequest, collection: Collection): boolean {
  if (!collection.private) return true;
  const wanted = collection.owner.toLowerCase();
  return readableNamespaces(deps, request).some((namespace) => namespace.toLowerCase() === wanted);
}

/** The collection a slug names (by the id it ends with, under its owner); 404 when missing or not visible. */
function loadCollection(deps: HubDeps, request: FastifyRequest<{ Params: SlugParams }>): Collection {
  const { ns, slug } = request.params;
  const publicId = collectionIdOfSlug(slug);
  const collection = publicId === undefined ? undefined : deps.store.collections.find(publicId);
  if (!collection || collection.owner.toLowerCase() !== ns.toLowerCase() || !mayReadCollection(deps, request, collection)) {
    throw collectionNotFound();
  }
  return collection;
}

/** A collection the caller changes: a write token of someone who may write to its owner's namespace. */
function loadCollectionForChange(deps: HubDeps, request: FastifyRequest<{ Params: SlugParams }>): Collection {
  const collection = loadCollection(deps, request);
  requireWrite(request);
  if (!canWriteNamespace(deps, request, collection.owner)) {
    throw new AppError('Forbidden', `You cannot change the collections of "${collection.owner}"`);
  }
  return collection;
}

/** The canonical name of a namespace the caller may create collections in. */
function writableOwner(deps: HubDeps, request: FastifyRequest, principal: Principal, namespace: string): string {
  if (!canWriteNamespace(deps, request, namespace)) {
    throw new AppError('Forbidden', `You cannot create collections in "${namespace}"`);
  }
  if (principal.user.name.toLowerCase() === namespace.toLowerCase()) return principal.user.name;
  return deps.accounts.getOrg(namespace)?.name ?? namespace;
}

/** What an added item points at: a repo or a collection the caller can see (404 otherwise). */
function itemTarget(deps: HubDeps, request: FastifyRequest, type: string, id: string): CollectionItemTarget {
  if (type === 'paper' || type === 'bucket') throw new AppError('BadRequest', `This hub has no ${type}s; add models, datasets, spaces or collections`);
  if (type === 'collection') {
    const [ns = '', ...rest] = id.split('/');
    const publicId = collectionIdOfSlug(rest.join('/'));
    const collection = publicId === undefined ? undefined : deps.store.collections.find(publicId);
    if (!collection || collection.owner.toLowerCase() !== ns.toLowerCase() || !mayReadCollection(deps, request, collection)) {
      throw collectionNotFound();
    }
    return { collectionId: collection.id };
  }
  const repo = isRepoType(type) ? findRepo(deps, request, type, id) : undefined;
  if (!repo) {
    throw new AppError('RepoNotFound', `Repository ${id} not found`, {}, { status: 404 });
  }
  return { repoId: repo.id };
}

/** A repo by its id ("ns/name", or its old name before a move) if the caller can read it. */
function findRepo(deps: HubDeps, request: FastifyRequest, type: RepoType, id: string): RepoRecord | undefined {
  const parts = id.split('/');
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return undefined;
  const [ns, name] = parts as [string, string];
  const repo = deps.store.findRepo(type, ns, name) ?? deps.store.findMovedRepo(type, ns, name);
  return repo && canRead(deps, request, repo) ? repo : undefined;
}

/** The repo of a listing's `item` filter (`models/ns/name`), or undefined when there is none to see. */
function findItemRepo(deps: HubDeps, request: FastifyRequest, item: string): RepoRecord | undefined {
  const slash = item.indexOf('/');
  if (slash < 0) throw new AppError('BadRequest', `Invalid item "${item.slice(0, 100)}": use models/{id}, datasets/{id} or spaces/{id}`);
  let type: RepoType;
  try {
    type = repoTypeFromPlural(item.slice(0, slash));
  } catch {
    throw new AppError('BadRequest', `Invalid item "${item.slice(0, 100)}": use models/{id}, datasets/{id} or spaces/{id}`);
  }
  return findRepo(deps, request, type, item.slice(slash + 1));
}

function itemParam(text: string): number {
  const id = parseItemId(text);
  if (id === undefined) throw new AppError('NotFound', 'Item not found in this collection');
  return id;
}

/** A 409 for an existing title carries that collection's slug, which Python's exists_ok reads. */
function withSlug(error: unknown): unknown {
  if (!(error instanceof CollectionExistsError)) return error;
  return new AppError('Conflict', error.message, { slug: collectionSlug(error.existing) });
}

function dropUndefined<T extends object>(value: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
