// A REPLAY of KohakuHub, not KohakuHub: KohakuHub needs LakeFS, MinIO and Postgres, which do not
// run here, so this small server answers the two routes structure tracking uses with the shapes
// KohakuHub's source gives them (github.com/KohakuBlueleaf/KohakuHub, src/kohakuhub/api/files.py
// `get_revision`, api/repo/routers/tree.py `list_repo_tree` and `_make_tree_item`,
// api/repo/utils/hf.py `hf_error_response`). Every answer carries `X-Replay: KohakuHub`.
//
// What it reproduces:
// - commit ids are LakeFS's: 64 hex digits; a revision is a branch name or a commit id;
// - `GET /api/{type}s/{ns}/{name}/revision/{rev}`: id, author, sha, lastModified (null when
//   LakeFS gives no commit date), siblings {rfilename, size, lfs {sha256, size, pointer_size}}, ...;
// - `GET /api/{type}s/{ns}/{name}/tree/{rev}[/{path}]`: recursive lists objects only (LakeFS
//   with no delimiter: no directory entries); otherwise files and directories one level deep.
//   A file's oid is its sha256 (KohakuHub's file record), lfs {oid, size, pointerSize: 134},
//   lastModified; a directory has oid, size 0. Pages of at most 1000 entries (`limit` lowers it),
//   in path order, the next one named by `Link: <...&limit=N&cursor=LAST_PATH>; rel="next"`;
// - `GET|HEAD /[{type}s/]{ns}/{name}/resolve/{rev}/{path}` (api/files.py `resolve_file_get`):
//   302 to a presigned storage URL with X-Repo-Commit, X-Linked-Etag, X-Linked-Size and ETag
//   (the sha256, unquoted); the storage URL here is `/_s3/{sha256}` on the replay, with Range;
// - errors are a status with an empty body and X-Error-Code / X-Error-Message headers.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Cleanup } from './start-server.js';

export type ReplayRepoType = 'model' | 'dataset' | 'space';

/** A file as a test gives it: its bytes, and whether KohakuHub keeps it in LFS. */
export interface ReplayFile {
  readonly content: string | Buffer;
  readonly lfs?: boolean;
}

export type ReplayFiles = Readonly<Record<string, ReplayFile>>;

export interface ReplayRepo {
  readonly type: ReplayRepoType;
  /** "namespace/name" */
  readonly id: string;
  readonly files: ReplayFiles;
  /** LakeFS gave no commit details: KohakuHub then answers `lastModified: null`. */
  readonly commitDateUnknown?: boolean;
}

interface StoredObject {
  readonly path: string;
  readonly bytes: Buffer;
  readonly size: number;
  readonly sha256: string;
  readonly lfs: boolean;
  readonly mtime: number;
}

interface StoredCommit {
  readonly id: string;
  readonly date: number | undefined;
  /** Sorted by path, as LakeFS lists objects. */
  readonly objects: readonly StoredObject[];
}

interface StoredRepo {
  readonly type: ReplayRepoType;
  readonly id: string;
  readonly createdAt: number;
  branches: Map<string, string>;
  readonly commits: Map<string, StoredCommit>;
  readonly commitDateUnknown: boolean;
}

export interface KohakuReplay {
  readonly url: string;
  /** Requests received, as "METHOD path?query". */
  readonly requests: string[];
  /** Replaces a branch's files with a new commit (a new 64-hex id); returns the id. */
  commit(type: ReplayRepoType, id: string, files: ReplayFiles, branch?: string): string;
  /** The commit a branch points at. */
  head(type: ReplayRepoType, id: string, branch?: string): string;
  close(): Promise<void>;
}

const TREE_PAGE_SIZE = 1000;
const LFS_POINTER_SIZE = 134;

export interface KohakuReplayOptions {
  readonly repos: readonly ReplayRepo[];
  /** KohakuHub's TREE_PAGE_SIZE is 1000; a test lowers it to see paging on a small repo. */
  readonly pageSize?: number;
}

export async function startKohakuReplay(cleanup: Cleanup, options: KohakuReplayOptions): Promise<KohakuReplay> {
  const pageSize = options.pageSize ?? TREE_PAGE_SIZE;
  const repos = new Map<string, StoredRepo>();
  const key = (type: string, id: string): string => `${type}/${id}`;
  const requests: string[] = [];
  let clock = Date.UTC(2025, 0, 1) / 1000;

  const commit = (type: ReplayRepoType, id: string, files: ReplayFiles, branch = 'main'): string => {
    const repo = repos.get(key(type, id));
    if (repo === undefined) throw new Error(`the replay has no ${type} ${id}`);
    clock += 60;
    const objects = Object.entries(files)
      .map(([path, file]) => {
        const bytes = Buffer.from(file.content);
        return { path, bytes, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), lfs: file.lfs ?? false, mtime: clock };
      })
      .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const commitId = randomBytes(32).toString('hex');
    repo.commits.set(commitId, { id: commitId, date: repo.commitDateUnknown ? undefined : clock, objects });
    repo.branches.set(branch, commitId);
    return commitId;
  };

  for (const given of options.repos) {
    repos.set(key(given.type, given.id), {
      type: given.type,
      id: given.id,
      createdAt: clock,
      branches: new Map(),
      commits: new Map(),
      commitDateUnknown: given.commitDateUnknown ?? false,
    });
    commit(given.type, given.id, given.files);
  }

  const server = createServer((request, response) => {
    requests.push(`${request.method ?? 'GET'} ${request.url ?? ''}`);
    response.setHeader('X-Replay', 'KohakuHub');
    try {
      route(request, response);
    } catch (error) {
      hfError(response, 500, 'ServerError', error instanceof Error ? error.message : String(error));
    }
  });

  const blobs = new Map<string, Buffer>();

  const route = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', 'http://replay');
    if (url.pathname.startsWith('/_s3/')) {
      storage(request, response, blobs.get(url.pathname.slice('/_s3/'.length)));
      return;
    }
    const resolve = /^\/(?:(dataset|space)s\/)?([^/]+)\/([^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (resolve !== null && (request.method === 'GET' || request.method === 'HEAD')) {
      const [, plural, namespace, name, rawRevision, rawPath] = resolve as unknown as [string, 'dataset' | 'space' | undefined, string, string, string, string];
      const type: ReplayRepoType = plural ?? 'model';
      const repoId = `${decodeURIComponent(namespace)}/${decodeURIComponent(name)}`;
      const repo = repos.get(key(type, repoId));
      if (repo === undefined) return hfError(response, 404, 'RepoNotFound', `Repository '${repoId}' (${type}) not found`);
      const revision = decodeURIComponent(rawRevision);
      const stored = repo.commits.get(repo.branches.get(revision) ?? revision);
      if (stored === undefined) return hfError(response, 404, 'RevisionNotFound', `Revision '${revision}' not found in repository '${repoId}'`);
      const path = decodeURIComponent(rawPath);
      const object = stored.objects.find((candidate) => candidate.path === path);
      if (object === undefined) return hfError(response, 404, 'EntryNotFound', `Entry '${path}' not found in repository '${repoId}' at revision '${revision}'`);
      blobs.set(object.sha256, object.bytes);
      response.writeHead(302, {
        location: `http://${request.headers.host ?? 'replay'}/_s3/${object.sha256}`,
        'X-Repo-Commit': stored.id,
        'X-Linked-Etag': object.sha256,
        'X-Linked-Size': String(object.size),
        ETag: object.sha256,
        'content-length': '0',
      });
      response.end();
      return;
    }
    const match = /^\/api\/(model|dataset|space)s\/([^/]+)\/([^/]+)\/(revision|tree)\/([^/]+)(\/.*)?$/.exec(url.pathname);
    if (request.method !== 'GET' || match === null) {
      json(response, 404, { detail: 'Not Found' });
      return;
    }
    const [, type, namespace, name, route, rawRevision, rawPath] = match as unknown as [string, ReplayRepoType, string, string, string, string, string | undefined];
    const repoId = `${decodeURIComponent(namespace)}/${decodeURIComponent(name)}`;
    const repo = repos.get(key(type, repoId));
    if (repo === undefined) {
      hfError(response, 404, 'RepoNotFound', `Repository '${repoId}' (${type}) not found`);
      return;
    }
    const revision = decodeURIComponent(rawRevision);
    const commitId = repo.branches.get(revision) ?? (repo.commits.has(revision) ? revision : undefined);
    const stored = commitId === undefined ? undefined : repo.commits.get(commitId);
    if (stored === undefined) {
      hfError(response, 404, 'RevisionNotFound', `Revision '${revision}' not found in repository '${repoId}'`);
      return;
    }
    if (route === 'revision') revisionInfo(response, repo, stored, revision);
    else treePage(request, response, url, repoId, stored, revision, decodeURIComponent(rawPath ?? '').replace(/^\/+|\/+$/g, ''));
  };

  const revisionInfo = (response: ServerResponse, repo: StoredRepo, stored: StoredCommit, revision: string): void => {
    json(response, 200, {
      id: repo.id,
      author: repo.id.split('/')[0],
      sha: stored.id,
      lastModified: stored.date === undefined ? null : isoDate(stored.date),
      createdAt: isoDate(repo.createdAt),
      private: false,
      disabled: false,
      downloads: 0,
      likes: 0,
      gated: false,
      tags: [],
      pipeline_tag: null,
      library_name: null,
      siblings: stored.objects.map((object) =>
        object.lfs
          ? { rfilename: object.path, size: object.size, lfs: { sha256: object.sha256, size: object.size, pointer_size: LFS_POINTER_SIZE } }
          : { rfilename: object.path, size: object.size },
      ),
      spaces: [],
      models: [],
      datasets: [],
      files: [],
      type: repo.type,
      revision,
      commit: { oid: stored.id, date: stored.date ?? null },
      xetEnabled: false,
    });
  };

  const treePage = (request: IncomingMessage, response: ServerResponse, url: URL, repoId: string, stored: StoredCommit, revision: string, path: string): void => {
    const recursive = /^(1|true|yes|on)$/i.test(url.searchParams.get('recursive') ?? '');
    const limitParam = url.searchParams.get('limit');
    const limit = limitParam === null ? pageSize : Number(limitParam);
    if (!Number.isInteger(limit) || limit < 1) {
      json(response, 422, { detail: [{ loc: ['query', 'limit'], msg: 'Input should be greater than or equal to 1', type: 'greater_than_equal' }] });
      return;
    }
    const cursor = url.searchParams.get('cursor');
    const all = listing(stored.objects, path === '' ? '' : `${path}/`, recursive);
    if (path !== '' && all.length === 0 && cursor === null) {
      hfError(response, 404, 'EntryNotFound', `Entry '${path}' not found in repository '${repoId}' at revision '${revision}'`);
      return;
    }
    const after = cursor === null ? all : all.filter((entry) => entry.sortKey > cursor);
    const page = after.slice(0, Math.min(limit, pageSize));
    if (after.length > page.length) {
      const next = new URL(url.pathname, `http://${request.headers.host ?? 'replay'}`);
      for (const [name, value] of url.searchParams) if (name !== 'limit' && name !== 'cursor') next.searchParams.set(name, value);
      next.searchParams.set('limit', String(Math.min(limit, pageSize)));
      next.searchParams.set('cursor', (page[page.length - 1] as { sortKey: string }).sortKey);
      response.setHeader('Link', `<${next.toString()}>; rel="next"`);
    }
    json(response, 200, page.map((entry) => entry.item));
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  cleanup.after(close);
  return {
    url,
    requests,
    commit,
    head: (type, id, branch = 'main') => {
      const found = repos.get(key(type, id))?.branches.get(branch);
      if (found === undefined) throw new Error(`the replay has no ${branch} of ${type} ${id}`);
      return found;
    },
    close,
  };
}

interface ListedEntry {
  /** LakeFS's listing key: an object's path, a common prefix's path with its slash. */
  readonly sortKey: string;
  readonly item: Record<string, unknown>;
}

/** LakeFS list_objects under `prefix`: every object (recursive), or objects and common prefixes one level deep. */
function listing(objects: readonly StoredObject[], prefix: string, recursive: boolean): ListedEntry[] {
  const entries: ListedEntry[] = [];
  const folders = new Set<string>();
  for (const object of objects) {
    if (!object.path.startsWith(prefix)) continue;
    const rest = object.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (recursive || slash === -1) {
      entries.push({ sortKey: object.path, item: fileItem(object) });
    } else {
      const folder = prefix + rest.slice(0, slash);
      if (folders.has(folder)) continue;
      folders.add(folder);
      // LakeFS gives a common prefix no checksum of its own; KohakuHub then sends "".
      entries.push({ sortKey: `${folder}/`, item: { type: 'directory', oid: '', size: 0, path: folder } });
    }
  }
  return entries.sort((a, b) => (a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : 0));
}

function fileItem(object: StoredObject): Record<string, unknown> {
  const item: Record<string, unknown> = { type: 'file', oid: object.sha256, size: object.size, path: object.path, lastModified: isoDate(object.mtime) };
  if (object.lfs) item.lfs = { oid: object.sha256, size: object.size, pointerSize: LFS_POINTER_SIZE };
  return item;
}

/** KohakuHub's DATETIME_FORMAT_ISO, "%Y-%m-%dT%H:%M:%S.%fZ" (microseconds). */
function isoDate(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** As FastAPI's JSONResponse: the whole body with its Content-Length (not chunked). */
function json(response: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body));
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': String(bytes.length) });
  response.end(bytes);
}

/** The object store behind the presigned URL: the bytes, or a byte range of them. */
function storage(request: IncomingMessage, response: ServerResponse, bytes: Buffer | undefined): void {
  if (bytes === undefined) {
    response.writeHead(404, { 'content-length': '0' });
    response.end();
    return;
  }
  const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
  const start = range === null ? 0 : Number(range[1]);
  const end = range === null || range[2] === '' ? bytes.length - 1 : Math.min(Number(range[2]), bytes.length - 1);
  const body = bytes.subarray(start, end + 1);
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream', 'content-length': String(body.length), 'accept-ranges': 'bytes' };
  if (range !== null) headers['content-range'] = `bytes ${start}-${end}/${bytes.length}`;
  response.writeHead(range === null ? 200 : 206, headers);
  response.end(request.method === 'HEAD' ? undefined : body);
}

function hfError(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'X-Error-Code': code, 'X-Error-Message': message, 'content-length': '0' });
  response.end();
}
