import type { RepoType } from '../../src/shared/repo-id.js';
import type { CommitOperation, RepoRecord, Store } from '../../src/main/store/index.js';
import { startServer, type Cleanup, type TestServer } from './start-server.js';

export const fixtureAuthor = { name: 'alice', email: 'alice@example.com' };

export interface SeedOptions {
  readonly type?: RepoType;
  readonly namespace?: string;
  readonly name?: string;
  readonly private?: boolean;
  /** Path → content; committed in one commit after the initial one. */
  readonly files?: Readonly<Record<string, string | Uint8Array>>;
  /** Paths among `files` stored as LFS whatever their size. */
  readonly lfs?: readonly string[];
  readonly title?: string;
}

export interface SeededRepo {
  readonly repo: RepoRecord;
  /** The head of main after seeding. */
  readonly head: string;
}

/** Creates a repo straight in the store (not through the write routes) and commits files to main. */
export async function seedRepo(store: Store, options: SeedOptions = {}): Promise<SeededRepo> {
  const repo = store.createRepo({
    type: options.type ?? 'model',
    namespace: options.namespace ?? 'alice',
    name: options.name ?? 'm1',
    private: options.private ?? false,
    author: fixtureAuthor,
  });
  const files = options.files ?? {};
  if (Object.keys(files).length === 0) return { repo, head: store.resolveRevision(repo.id, 'main') };
  const head = await commitFiles(store, repo.id, files, { lfs: options.lfs, title: options.title ?? 'Add files' });
  return { repo, head };
}

/** A fresh server whose store holds one seeded repo (alice/m1 unless `options` say otherwise). */
export async function seededServer(t: Cleanup, options: SeedOptions = {}): Promise<SeededRepo & { readonly server: TestServer }> {
  const server = await startServer(t);
  return { server, ...(await seedRepo(server.core.store, options)) };
}

/** Commits files to a branch of a repo (main by default); returns the new commit id. */
export async function commitFiles(
  store: Store,
  repoId: number,
  files: Readonly<Record<string, string | Uint8Array>>,
  options: { readonly lfs?: readonly string[]; readonly title?: string; readonly branch?: string; readonly deletes?: readonly string[] } = {},
): Promise<string> {
  const lfs = new Set(options.lfs ?? []);
  const operations: CommitOperation[] = Object.entries(files).map(([path, content]) => ({
    type: 'add',
    path,
    content: { data: typeof content === 'string' ? Buffer.from(content) : content },
    lfs: lfs.has(path) ? 'always' : 'auto',
  }));
  for (const path of options.deletes ?? []) operations.push({ type: 'delete', path });
  const result = await store.commit({
    repoId,
    branch: options.branch ?? 'main',
    title: options.title ?? 'Update files',
    author: fixtureAuthor,
    operations,
  });
  return result.commitOid;
}

/** Bytes that differ at every position, so a wrong offset shows. */
export function patternBytes(size: number, seed = 0): Buffer {
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 31 + seed + (i >> 8)) & 0xff;
  return data;
}
