import { Readable } from 'node:stream';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { repoUrlPrefix, type RepoType } from '../../shared/repo-id.js';
import { HubApi, nextLink, pyQuote, repoApiUrl, type RemoteTreeEntry, type UpstreamClient, type UpstreamResponse } from '../upstream/index.js';

/** A remote repo to write to, and the token for its hub (sent to the hub's own origin only). */
export interface PushTarget {
  readonly endpoint: string;
  readonly token: string | undefined;
  readonly repoType: RepoType;
  readonly repo: string;
}

/** One commit of the remote's history, as `list_repo_commits` gives it. */
export interface RemoteCommit {
  readonly id: string;
  readonly title: string;
  readonly date: string;
}

const commitSchema = z.object({ id: z.string(), title: z.string(), date: z.string() }).loose();

const lfsActionSchema = z.object({ href: z.string(), header: z.record(z.string(), z.string()).optional() }).loose();
const batchObjectSchema = z
  .object({
    oid: z.string(),
    size: z.number(),
    actions: z.object({ upload: lfsActionSchema.optional(), verify: lfsActionSchema.optional() }).loose().optional(),
    error: z.object({ code: z.number(), message: z.string() }).optional(),
  })
  .loose();
const batchSchema = z.object({ objects: z.array(batchObjectSchema) }).loose();
export type LfsBatchObject = z.infer<typeof batchObjectSchema>;

const preuploadSchema = z.object({ files: z.array(z.object({ path: z.string(), uploadMode: z.string(), oid: z.string().nullish() }).loose()) }).loose();
const commitAnswerSchema = z.object({ commitOid: z.string() }).loose();

/** A commit body up to this size (a re-push's few lines) is sent whole; beyond, it is streamed: memory stays flat (a 2 GB push peaks near the 150 MB the issue allows). */
const IN_MEMORY_COMMIT_BYTES = 1024 * 1024;

/** Python sends up to 256 files per preupload and objects per LFS batch. */
export const PUSH_BATCH_SIZE = 256;

/** Opens bytes [start, end) of an object's content, as chunks read as they are sent. */
export type RangeOpener = (start: number, end: number) => AsyncIterable<Buffer>;

/**
 * The HF upload protocol as a client (HF-PROTOCOL.md §4): create repo, preupload, LFS batch with
 * single or multipart PUTs, NDJSON commit with a parent commit, plus the reads a push needs
 * (head, tree, history). The token goes to the hub's API only: LFS upload URLs get the headers
 * the batch answer gives and nothing else, and a verify URL gets the token only on the hub's origin.
 */
export class RemoteWriter {
  readonly api: HubApi;
  private readonly origin: string;

  constructor(
    private readonly client: UpstreamClient,
    readonly target: PushTarget,
  ) {
    this.api = new HubApi(client, { endpoint: target.endpoint, ...(target.token === undefined ? {} : { token: target.token }) });
    this.origin = new URL(target.endpoint).origin;
  }

  /** `POST /api/repos/create`. */
  async createRepo(isPrivate: boolean, signal: AbortSignal): Promise<void> {
    const [namespace, name] = splitId(this.target.repo);
    const body = { name, organization: namespace ?? null, type: this.target.repoType, private: isPrivate, visibility: isPrivate ? 'private' : 'public' };
    const response = await this.apiRequest(`${this.api.endpoint}/api/repos/create`, 'POST', JSON.stringify(body), signal);
    await response.dump();
  }

  /** The commit a branch points at; undefined when the repo has no such branch. Throws RepoNotFound for a missing (or hidden) repo. */
  async headOf(branch: string, signal: AbortSignal): Promise<string | undefined> {
    try {
      // Only the commit: without expand a hub lists every file of the repo (siblings) too.
      const info = await this.api.repoInfo(this.target.repoType, this.target.repo, { revision: branch, expand: ['sha'], signal });
      if (info.sha === undefined) throw new AppError('UpstreamUnavailable', `${this.api.endpoint} did not say which commit ${branch} of ${this.target.repo} is`);
      return info.sha;
    } catch (error) {
      if (error instanceof AppError && error.code === 'RevisionNotFound') return undefined;
      throw error;
    }
  }

  /** Whether the repo is private, per its info. */
  async isPrivate(signal: AbortSignal): Promise<boolean> {
    return (await this.api.repoInfo(this.target.repoType, this.target.repo, { signal })).private === true;
  }

  /** `POST /api/{types}/{id}/branch/{branch}`, starting at the default branch. */
  async createBranch(branch: string, signal: AbortSignal): Promise<void> {
    const url = `${repoApiUrl(this.api.endpoint, this.target.repoType, this.target.repo)}/branch/${pyQuote(branch, '')}`;
    await (await this.apiRequest(url, 'POST', '{}', signal)).dump();
  }

  /** The whole tree at a commit, folders with their oids (or, not recursive, its top level). */
  async listing(commit: string, signal: AbortSignal, options: { recursive?: boolean } = {}): Promise<RemoteTreeEntry[]> {
    const entries: RemoteTreeEntry[] = [];
    for await (const entry of this.api.listTree(this.target.repoType, this.target.repo, commit, { recursive: options.recursive ?? true, signal })) entries.push(entry);
    return entries;
  }

  /** Commits of a branch, newest first, until `stopAt` (not included) or `limit` of them; `more` when the history goes on. */
  async commitsSince(branch: string, stopAt: string | undefined, limit: number, signal: AbortSignal): Promise<{ commits: RemoteCommit[]; more: boolean }> {
    const commits: RemoteCommit[] = [];
    let url: string | undefined = `${repoApiUrl(this.api.endpoint, this.target.repoType, this.target.repo)}/commits/${pyQuote(branch, '')}`;
    while (url !== undefined) {
      const response = await this.client.request(url, { ...this.auth(url), headers: { accept: 'application/json' }, signal });
      const next = nextLink(response.header('link'));
      const page = z.array(commitSchema).parse(await response.json());
      for (const commit of page) {
        if (commit.id === stopAt || (stopAt !== undefined && commit.id.startsWith(stopAt))) return { commits, more: false };
        if (commits.length >= limit) return { commits, more: true };
        commits.push({ id: commit.id, title: commit.title, date: commit.date });
      }
      url = next === undefined ? undefined : new URL(next, url).toString();
    }
    return { commits, more: false };
  }

  /** `POST /api/{types}/{id}/preupload/{rev}`: how the remote would store each file, and the oid it has at that path. */
  async preupload(branch: string, files: readonly { path: string; size: number; sample: Buffer }[], signal: AbortSignal): Promise<Map<string, { uploadMode: string; oid: string | undefined }>> {
    const url = `${repoApiUrl(this.api.endpoint, this.target.repoType, this.target.repo)}/preupload/${pyQuote(branch, '')}`;
    const body = JSON.stringify({ files: files.map((file) => ({ path: file.path, size: file.size, sample: file.sample.toString('base64') })) });
    const answer = preuploadSchema.parse(await (await this.apiRequest(url, 'POST', body, signal)).json());
    return new Map(answer.files.map((file) => [file.path, { uploadMode: file.uploadMode, oid: file.oid ?? undefined }]));
  }

  /** The LFS batch API (upload): per object, upload actions, or none when the remote has it already. */
  async lfsBatch(branch: string, objects: readonly { oid: string; size: number }[], signal: AbortSignal): Promise<LfsBatchObject[]> {
    const url = `${this.api.endpoint}/${repoUrlPrefix(this.target.repoType)}${this.target.repo}.git/info/lfs/objects/batch`;
    const body = JSON.stringify({ operation: 'upload', transfers: ['basic', 'multipart'], objects, hash_algo: 'sha256', ref: { name: branch } });
    const response = await this.client.request(url, {
      method: 'POST',
      ...this.auth(url),
      headers: { accept: 'application/vnd.git-lfs+json', 'content-type': 'application/vnd.git-lfs+json' },
      body,
      signal,
    });
    const answer = batchSchema.parse(await response.json());
    for (const object of answer.objects) {
      if (object.error !== undefined) throw new AppError('UnprocessableEntity', `${this.api.endpoint} refused LFS object ${object.oid}: ${object.error.message} (${object.error.code})`);
    }
    return answer.objects;
  }

  /**
   * Sends one object as the batch answer says: one streamed PUT, or HF multipart (a PUT per
   * part, each answered with an ETag, then the completion POST), then verify when asked.
   */
  async upload(object: LfsBatchObject, open: RangeOpener, signal: AbortSignal): Promise<void> {
    const upload = object.actions?.upload;
    if (upload === undefined) return;
    const header = upload.header ?? {};
    const chunkSize = Number(header.chunk_size);
    if (header.chunk_size !== undefined) {
      if (!Number.isSafeInteger(chunkSize) || chunkSize <= 0) throw new AppError('UpstreamUnavailable', `${this.api.endpoint} offered a multipart upload with chunk_size "${header.chunk_size}"`);
      const parts: { partNumber: number; etag: string }[] = [];
      const count = Math.ceil(object.size / chunkSize);
      for (let part = 1; part <= count; part++) {
        const partUrl = header[String(part)] ?? header[String(part).padStart(5, '0')];
        if (partUrl === undefined) throw new AppError('UpstreamUnavailable', `${this.api.endpoint} gave no URL for part ${part} of ${object.oid}`);
        const start = (part - 1) * chunkSize;
        const end = Math.min(object.size, start + chunkSize);
        const response = await this.put(partUrl, {}, open(start, end), end - start, signal);
        const etag = response.header('etag');
        await response.dump();
        if (etag === undefined) throw new AppError('UpstreamUnavailable', `${this.api.endpoint} answered part ${part} of ${object.oid} without an ETag`);
        parts.push({ partNumber: part, etag });
      }
      const done = await this.client.request(upload.href, {
        method: 'POST',
        headers: { 'content-type': 'application/vnd.git-lfs+json' },
        body: JSON.stringify({ oid: object.oid, parts }),
        signal,
      });
      await done.dump();
    } else {
      await (await this.put(upload.href, header, open(0, object.size), object.size, signal)).dump();
    }
    const verify = object.actions?.verify;
    if (verify !== undefined) {
      const response = await this.client.request(verify.href, {
        method: 'POST',
        ...this.auth(verify.href),
        headers: { ...verify.header, 'content-type': 'application/vnd.git-lfs+json' },
        body: JSON.stringify({ oid: object.oid, size: object.size }),
        signal,
      });
      await response.dump();
    }
  }

  /**
   * `POST /api/{types}/{id}/commit/{branch}`; the new commit's id. A body of up to
   * IN_MEMORY_COMMIT_BYTES is sent whole with its length (the client's own sockets carry it,
   * without loading undici); a larger one is streamed as it is produced.
   */
  async commit(branch: string, lines: AsyncIterable<Buffer>, signal: AbortSignal): Promise<string> {
    const url = `${repoApiUrl(this.api.endpoint, this.target.repoType, this.target.repo)}/commit/${pyQuote(branch, '')}`;
    const body = await bufferUpTo(lines, IN_MEMORY_COMMIT_BYTES);
    const response = await this.client.request(url, {
      method: 'POST',
      ...this.auth(url),
      headers: { 'content-type': 'application/x-ndjson', accept: 'application/json' },
      body: body instanceof Uint8Array ? body : Readable.from(body, { objectMode: false }),
      signal,
    });
    return commitAnswerSchema.parse(await response.json()).commitOid;
  }

  private put(url: string, headers: Readonly<Record<string, string>>, body: AsyncIterable<Buffer>, length: number, signal: AbortSignal): Promise<UpstreamResponse> {
    // Only what the batch answer gave: never the hub's token (the URL may be on a storage host).
    const { chunk_size: _chunkSize, ...given } = headers;
    return this.client.request(url, { method: 'PUT', headers: { ...given, 'content-length': String(length) }, body, signal });
  }

  private apiRequest(url: string, method: 'POST', body: string, signal: AbortSignal): Promise<UpstreamResponse> {
    return this.client.request(url, { method, ...this.auth(url), headers: { 'content-type': 'application/json', accept: 'application/json' }, body, signal });
  }

  /** The token, for URLs on the hub's own origin only. */
  private auth(url: string): { token?: string } {
    return this.target.token !== undefined && new URL(url).origin === this.origin ? { token: this.target.token } : {};
  }
}

/**
 * The whole of `chunks` as one buffer when it ends within `limit` bytes; else an iterable giving
 * the chunks read so far and then the rest.
 */
async function bufferUpTo(chunks: AsyncIterable<Buffer>, limit: number): Promise<Buffer | AsyncIterable<Buffer>> {
  const iterator = chunks[Symbol.asyncIterator]();
  const read: Buffer[] = [];
  let size = 0;
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) return Buffer.concat(read, size);
    read.push(next.value);
    size += next.value.length;
    if (size > limit) break;
  }
  return (async function* (): AsyncGenerator<Buffer> {
    yield* read;
    read.length = 0;
    for (let next = await iterator.next(); next.done !== true; next = await iterator.next()) yield next.value;
  })();
}

function splitId(repo: string): [string | undefined, string] {
  const slash = repo.indexOf('/');
  return slash < 0 ? [undefined, repo] : [repo.slice(0, slash), repo.slice(slash + 1)];
}
