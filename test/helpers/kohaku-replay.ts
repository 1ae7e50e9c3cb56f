// A REPLAY of KohakuHub, not KohakuHub: KohakuHub needs LakeFS, MinIO and Postgres, which do not
// run here, so this small server answers the routes structure tracking and pull use with the shapes
// KohakuHub's source gives them (github.com/KohakuBlueleaf/KohakuHub, src/kohakuhub/api/files.py
// `get_revision`, api/repo/routers/tree.py `list_repo_tree` and `_make_tree_item`,
// `resolve_file_head` and `resolve_file_get`, api/repo/utils/hf.py `hf_error_response`). Every
// answer carries `X-Replay: KohakuHub`.
//
// What it reproduces:
// - commit ids are LakeFS's: 64 hex digits; a revision is a branch name or a commit id;
// - `GET /api/{type}s/{ns}/{name}/revision/{rev}`: id, author, sha, lastModified (null when
//   LakeFS gives no commit date), siblings {rfilename, size, lfs {sha256, size, pointerSize}} (`build_revision_siblings`), ...;
// - `GET /api/{type}s/{ns}/{name}/tree/{rev}[/{path}]`: recursive lists objects only (LakeFS
//   with no delimiter: no directory entries); otherwise files and directories one level deep.
//   A file's oid is its file record's hash (an LFS file's sha256; a regular file's git blob SHA-1,
//   or its sha256 with `regularFileOid: 'sha256'`, the default), lfs {oid, size, pointerSize: 134},
//   lastModified; a directory has oid, size 0. Pages of at most 1000 entries (`limit` lowers it),
//   in path order, the next one named by `Link: <...&limit=N&cursor=LAST_PATH>; rel="next"`;
// - `HEAD /[{type}s/]{ns}/{name}/resolve/{rev}/{path}` (api/files.py `resolve_file_head`): 200, no
//   redirect, with X-Repo-Commit, X-Linked-Etag, X-Linked-Size, ETag (the file record's hash,
//   UNQUOTED), Content-Length, Accept-Ranges;
// - `GET` of the same (`resolve_file_get`): a bare 302 (FastAPI's RedirectResponse: no X-Repo-Commit
//   or ETag on it) to a presigned S3 URL on ANOTHER host: here a second server, the "S3";
// - errors are a status with an empty body and X-Error-Code / X-Error-Message headers;
// - with `token`, every hub route wants `Authorization: Bearer <token>` (a private repo: 401 RepoNotFound).
//
// - with `token` (or, without it, any Bearer token), the write routes a push uses (api/repo/routers/
//   crud.py `create_repo`, api/files.py `preupload`, api/lfs.py `lfs_batch` and `verify`,
//   api/commit/routers/operations.py `commit`): `POST /api/repos/create` makes a repo whose main
//   holds no file; preupload answers {path, uploadMode ("lfs" from `lfsThreshold` bytes), shouldIgnore};
//   the LFS batch answers an object S3 already holds (under `lfs/ab/cd/<sha256>`) with no actions,
//   else a presigned S3 PUT with an `x-amz-checksum-sha256` header and a verify URL on the hub; the
//   NDJSON commit takes `file` (base64; 400 for a file that should be LFS), `lfsFile` (400 unless S3
//   holds the object) and `deletedFile`, ignores `parentCommit` (KohakuHub does not check it), and
//   answers {commitUrl, commitOid, pullRequestUrl: null}, the head unchanged when nothing changed;
//   its errors are FastAPI's `{"detail": {"error": ...}}` bodies.
//
// The "S3" is test/helpers/replay-storage.ts on its own port (another origin, as MinIO or AWS is):
// it wants the presigned query and refuses, and records, any Authorization header.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startReplayStorage, type ReplayStorage } from './replay-storage.js';
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
  /** The hash KohakuHub's file record keeps: see KohakuReplayOptions.regularFileOid. */
  readonly recordHash: string;
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
  readonly s3: ReplayStorage;
  /** Replaces a branch's files with a new commit (a new 64-hex id); returns the id. */
  commit(type: ReplayRepoType, id: string, files: ReplayFiles, branch?: string): string;
  /** The commit a branch points at. */
  head(type: ReplayRepoType, id: string, branch?: string): string;
  /** From now on the storage serves this path's bytes with one byte changed (a damaged object). */
  tamper(path: string): void;
  close(): Promise<void>;
}

const TREE_PAGE_SIZE = 1000;
const LFS_POINTER_SIZE = 134;

export interface KohakuReplayOptions {
  readonly repos: readonly ReplayRepo[];
  /** KohakuHub's TREE_PAGE_SIZE is 1000; a test lowers it to see paging on a small repo. */
  readonly pageSize?: number;
  /** The repos are private: every hub route wants this Bearer token. */
  readonly token?: string;
  /**
   * The hash a regular (non-LFS) file is named by, in tree oids and ETags: KohakuHub's current
   * source keeps the git blob SHA-1 in its file record's sha256 column (commit/routers/operations.py
   * `process_regular_file`); "sha256" (the default) names it by its content's sha256, as other
   * records do. LFS files are named by their sha256 either way.
   */
  readonly regularFileOid?: 'sha256' | 'git-sha1';
  /** Files of at least this many bytes must go through LFS (KohakuHub's per-repo LFS threshold); 1 MiB unless given. */
  readonly lfsThreshold?: number;
}

export async function startKohakuReplay(cleanup: Cleanup, options: KohakuReplayOptions): Promise<KohakuReplay> {
  const pageSize = options.pageSize ?? TREE_PAGE_SIZE;
  const regularFileOid = options.regularFileOid ?? 'sha256';
  const repos = new Map<string, StoredRepo>();
  const key = (type: string, id: string): string => `${type}/${id}`;
  const requests: string[] = [];
  let clock = Date.UTC(2025, 0, 1) / 1000;

  const stored = (path: string, bytes: Buffer, lfs: boolean, mtime: number): StoredObject => {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const gitOid = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    return { path, bytes, size: bytes.length, sha256, recordHash: lfs || regularFileOid === 'sha256' ? sha256 : gitOid, lfs, mtime };
  };
  const commitObjects = (repo: StoredRepo, objects: readonly StoredObject[], branch: string): string => {
    const commitId = randomBytes(32).toString('hex');
    const sorted = [...objects].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    repo.commits.set(commitId, { id: commitId, date: repo.commitDateUnknown ? undefined : clock, objects: sorted });
    repo.branches.set(branch, commitId);
    return commitId;
  };
  const commit = (type: ReplayRepoType, id: string, files: ReplayFiles, branch = 'main'): string => {
    const repo = repos.get(key(type, id));
    if (repo === undefined) throw new Error(`the replay has no ${type} ${id}`);
    clock += 60;
    return commitObjects(repo, Object.entries(files).map(([path, file]) => stored(path, Buffer.from(file.content), file.lfs ?? false, clock)), branch);
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

  const storage = await startReplayStorage(cleanup, 'S3 behind KohakuHub');
  const tampered = new Set<string>();

  const server = createServer((request, response) => {
    requests.push(`${request.method ?? 'GET'} ${request.url ?? ''}`);
    response.setHeader('X-Replay', 'KohakuHub');
    try {
      if (options.token !== undefined && request.headers.authorization !== `Bearer ${options.token}`) {
        hfError(response, 401, 'RepoNotFound', 'Repository not found');
        return;
      }
      route(request, response);
    } catch (error) {
      hfError(response, 500, 'ServerError', error instanceof Error ? error.message : String(error));
    }
  });

  const route = (request: IncomingMessage, response: ServerResponse): void => {
    const url = new URL(request.url ?? '/', 'http://replay');
    if (request.method === 'POST') {
      if (request.headers.authorization?.startsWith('Bearer ') !== true) return detailError(response, 401, 'Authentication required');
      void readBody(request).then(
        (body) => writeRoute(request, response, url.pathname, body),
        (error: unknown) => detailError(response, 400, String(error)),
      );
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
      if (request.method === 'HEAD') {
        response.writeHead(200, {
          'X-Repo-Commit': stored.id,
          'X-Linked-Etag': object.recordHash,
          'X-Linked-Size': String(object.size),
          ETag: object.recordHash,
          'Content-Length': String(object.size),
          'Accept-Ranges': 'bytes',
          'Content-Type': 'application/octet-stream',
        });
        response.end();
        return;
      }
      const bytes = tampered.has(path) ? Buffer.from(object.bytes.map((byte, index) => (index === 0 ? byte ^ 0xff : byte))) : object.bytes;
      response.writeHead(302, { location: storage.presign(bytes, path.split('/').pop() ?? path), 'content-length': '0' });
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

  const lfsThreshold = options.lfsThreshold ?? 1024 * 1024;
  const lfsKey = (oid: string): string => `lfs/${oid.slice(0, 2)}/${oid.slice(2, 4)}/${oid}`;
  const hubBase = (request: IncomingMessage): string => `http://${request.headers.host ?? 'replay'}`;

  const writeRoute = (request: IncomingMessage, response: ServerResponse, path: string, body: Buffer): void => {
    if (path === '/api/repos/create') {
      const given = JSON.parse(body.toString('utf8')) as { type?: ReplayRepoType; name: string; organization?: string | null };
      const type = given.type ?? 'model';
      const id = `${given.organization ?? 'alice'}/${given.name}`;
      if (repos.has(key(type, id))) return detailError(response, 400, `Repository ${id} already exists`);
      const repo: StoredRepo = { type, id, createdAt: clock, branches: new Map(), commits: new Map(), commitDateUnknown: false };
      repos.set(key(type, id), repo);
      // LakeFS starts a repository with one commit holding no object.
      commitObjects(repo, [], 'main');
      return json(response, 200, { url: `${hubBase(request)}/${type === 'model' ? '' : `${type}s/`}${id}`, repo_id: id });
    }
    const batch = /^\/(?:(model|dataset|space)s\/)?([^/]+)\/([^/]+)\.git\/info\/lfs\/objects\/batch$/.exec(path);
    if (batch !== null) {
      const [, , namespace, name] = batch as unknown as [string, string | undefined, string, string];
      const given = JSON.parse(body.toString('utf8')) as { operation: string; objects: Array<{ oid: string; size: number }> };
      const expires = new Date(Date.now() + 86_400_000).toISOString();
      const objects = given.objects.map(({ oid, size }) =>
        storage.object(lfsKey(oid)) !== undefined
          ? { oid, size, authenticated: true }
          : {
              oid, size, authenticated: true,
              actions: {
                upload: { href: storage.presignUpload(lfsKey(oid)), expires_at: expires, header: { 'x-amz-checksum-sha256': Buffer.from(oid, 'hex').toString('base64') } },
                verify: { href: `${hubBase(request)}/api/${namespace}/${name}.git/info/lfs/verify`, expires_at: expires },
              },
            },
      );
      const bytes = Buffer.from(JSON.stringify({ transfer: 'basic', objects, hash_algo: 'sha256' }));
      response.writeHead(200, { 'content-type': 'application/vnd.git-lfs+json', 'content-length': String(bytes.length) });
      response.end(bytes);
      return;
    }
    if (/^\/api\/[^/]+\/[^/]+\.git\/info\/lfs\/verify$/.test(path)) {
      const given = JSON.parse(body.toString('utf8')) as { oid: string; size: number };
      if (storage.object(lfsKey(given.oid))?.length !== given.size) return detailError(response, 404, `Object ${given.oid} not found`);
      return json(response, 200, { message: 'Object verified' });
    }
    const write = /^\/api\/(model|dataset|space)s\/([^/]+)\/([^/]+)\/(preupload|commit)\/([^/]+)$/.exec(path);
    const repo = write === null ? undefined : repos.get(key(write[1] as string, `${decodeURIComponent(write[2] as string)}/${decodeURIComponent(write[3] as string)}`));
    if (write === null) return json(response, 404, { detail: 'Not Found' });
    if (repo === undefined) return detailError(response, 404, 'Repository not found');
    const branch = decodeURIComponent(write[5] as string);
    if (write[4] === 'preupload') {
      const given = JSON.parse(body.toString('utf8')) as { files: Array<{ path: string; size: number }> };
      return json(response, 200, { files: given.files.map((file) => ({ path: file.path, uploadMode: file.size >= lfsThreshold ? 'lfs' : 'regular', shouldIgnore: false })) });
    }
    const head = repo.commits.get(repo.branches.get(branch) ?? '');
    if (head === undefined) return detailError(response, 404, `Branch ${branch} not found`);
    const objects = new Map(head.objects.map((object) => [object.path, object]));
    let changed = false;
    clock += 60;
    for (const line of body.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      const { key: kind, value } = JSON.parse(line) as { key: string; value: { path: string; content?: string; oid?: string; size?: number } };
      const before = objects.get(value.path);
      if (kind === 'file') {
        const bytes = Buffer.from(value.content ?? '', 'base64');
        if (bytes.length >= lfsThreshold) return detailError(response, 400, `File ${value.path} should use LFS (size: ${bytes.length} bytes, threshold: ${lfsThreshold} bytes). Use 'lfsFile' operation instead of 'file' operation.`);
        const object = stored(value.path, bytes, false, clock);
        if (before?.recordHash === object.recordHash && !before.lfs) continue;
        objects.set(value.path, object);
        changed = true;
      } else if (kind === 'lfsFile') {
        const bytes = storage.object(lfsKey(value.oid ?? ''));
        if (bytes === undefined) return detailError(response, 400, `LFS object ${value.oid ?? ''} not found in storage. Upload to S3 may have failed.`);
        if (before?.lfs === true && before.sha256 === value.oid) continue;
        objects.set(value.path, stored(value.path, bytes, true, clock));
        changed = true;
      } else if (kind === 'deletedFile') {
        changed = objects.delete(value.path) || changed;
      }
    }
    const commitId = changed ? commitObjects(repo, [...objects.values()], branch) : head.id;
    return json(response, 200, { commitUrl: `${repo.type}s/${repo.id}/commit/${commitId}`, commitOid: commitId, pullRequestUrl: null });
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
          ? { rfilename: object.path, size: object.size, lfs: { sha256: object.sha256, size: object.size, pointerSize: LFS_POINTER_SIZE } }
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
    s3: { url: storage.url, requests: storage.requests, leaks: storage.leaks },
    commit,
    head: (type, id, branch = 'main') => {
      const found = repos.get(key(type, id))?.branches.get(branch);
      if (found === undefined) throw new Error(`the replay has no ${branch} of ${type} ${id}`);
      return found;
    },
    tamper: (path) => void tampered.add(path),
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
  const item: Record<string, unknown> = { type: 'file', oid: object.recordHash, size: object.size, path: object.path, lastModified: isoDate(object.mtime) };
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

/** FastAPI's HTTPException(status, detail={"error": message}), as KohakuHub's write routes raise it. */
function detailError(response: ServerResponse, status: number, message: string): void {
  json(response, status, { detail: { error: message } });
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function hfError(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'X-Error-Code': code, 'X-Error-Message': message, 'content-length': '0' });
  response.end();
}
