import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import type { RepoType } from '../../shared/repo-id.js';
import { CollectingSink } from './body-sink.js';
import { describeUrl } from './hub-error.js';
import { trimEndpoint } from '../../shared/endpoint.js';
import { DEFAULT_ENDPOINT, commitsUrl, nextLink, pathsInfoUrl, refsUrl, repoApiUrl, resolveUrl, treeUrl } from './hub-urls.js';
import type { UpstreamClient, UpstreamResponse } from './upstream-client.js';

const lastCommitSchema = z.object({ id: z.string(), title: z.string(), date: z.string() });

const fileEntrySchema = z.object({
  type: z.literal('file'),
  path: z.string(),
  size: z.number().int().nonnegative(),
  oid: z.string(),
  lfs: z.object({ oid: z.string(), size: z.number().int().nonnegative(), pointerSize: z.number().int().nonnegative().optional() }).optional(),
  lastCommit: lastCommitSchema.optional(),
});
const folderEntrySchema = z.object({
  type: z.literal('directory'),
  path: z.string(),
  oid: z.string().optional(),
  lastCommit: lastCommitSchema.optional(),
});
const treeEntrySchema = z.discriminatedUnion('type', [fileEntrySchema, folderEntrySchema]);

export type RemoteFileEntry = z.infer<typeof fileEntrySchema>;
export type RemoteFolderEntry = z.infer<typeof folderEntrySchema>;
export type RemoteTreeEntry = z.infer<typeof treeEntrySchema>;

const repoInfoSchema = z
  .object({
    id: z.string(),
    sha: z.string().optional(),
    private: z.boolean().optional(),
    gated: z.union([z.boolean(), z.string()]).optional(),
    // KohakuHub answers null when LakeFS gives no commit date: read as absent.
    lastModified: z.string().nullish().transform((value) => value ?? undefined),
    siblings: z.array(z.object({ rfilename: z.string() }).loose()).optional(),
  })
  .loose();

/** Repo metadata as the hub returns it; the fields we rely on are checked, the rest passes through. */
export type RemoteRepoInfo = z.infer<typeof repoInfoSchema>;

const refSchema = z.object({ name: z.string(), ref: z.string(), targetCommit: z.string() });
const refsSchema = z.object({ branches: z.array(refSchema), tags: z.array(refSchema), converts: z.array(refSchema).optional() });
export type RemoteRefs = z.infer<typeof refsSchema>;

const commitSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    message: z.string().default(''),
    authors: z.array(z.object({ user: z.string() }).loose()).default([]),
    date: z.string(),
  })
  .loose();
/** One commit of `list_repo_commits`: title, message (the body), authors and date. */
export type RemoteCommit = z.infer<typeof commitSchema>;

/** A first page of a remote's history, newest first, and whether more pages follow. */
export interface RemoteCommitPage {
  readonly commits: readonly RemoteCommit[];
  readonly total: number | undefined;
  readonly more: boolean;
}

export interface HubTarget {
  /** Hub base URL (default https://huggingface.co). */
  readonly endpoint?: string;
  readonly token?: string;
}

export interface RepoListFilters {
  readonly search?: string;
  readonly author?: string;
  /** Tags the repos must carry (`filter=` on the hub). */
  readonly filter?: readonly string[];
  readonly sort?: string;
  readonly direction?: 1 | -1;
  /** Stop after this many repos (pages are followed until then). */
  readonly limit?: number;
  readonly full?: boolean;
  readonly expand?: readonly string[];
}

/** The HF JSON API of any hub (huggingface.co, KohakuHub, another HubKeeper), through one UpstreamClient. */
export class HubApi {
  readonly endpoint: string;
  private readonly token: string | undefined;

  constructor(
    private readonly client: UpstreamClient,
    target: HubTarget = {},
  ) {
    this.endpoint = trimEndpoint(target.endpoint ?? DEFAULT_ENDPOINT);
    this.token = target.token;
  }

  /** `GET /api/{types}/{id}[/revision/{rev}]`: info of a model, dataset or space. */
  async repoInfo(type: RepoType, repoId: string, options: { revision?: string; expand?: readonly string[]; filesMetadata?: boolean; signal?: AbortSignal } = {}): Promise<RemoteRepoInfo> {
    const url = new URL(repoApiUrl(this.endpoint, type, repoId, options.revision));
    for (const field of options.expand ?? []) url.searchParams.append('expand', field);
    if (options.filesMetadata) url.searchParams.set('blobs', 'true');
    return parse(repoInfoSchema, await this.getJson(url.toString(), options.signal), url.toString());
  }

  /** `GET /api/{types}`: repos matching the filters, following `Link` pages. */
  async *listRepos(type: RepoType, filters: RepoListFilters = {}, signal?: AbortSignal): AsyncGenerator<RemoteRepoInfo> {
    const url = new URL(`${this.endpoint}/api/${type}s`);
    const params = url.searchParams;
    if (filters.search !== undefined) params.set('search', filters.search);
    if (filters.author !== undefined) params.set('author', filters.author);
    for (const tag of filters.filter ?? []) params.append('filter', tag);
    if (filters.sort !== undefined) params.set('sort', filters.sort);
    if (filters.direction !== undefined) params.set('direction', String(filters.direction));
    if (filters.limit !== undefined) params.set('limit', String(Math.min(filters.limit, 1000)));
    if (filters.full) params.set('full', 'true');
    for (const field of filters.expand ?? []) params.append('expand', field);
    let count = 0;
    for await (const item of this.pages(url.toString(), signal)) {
      if (filters.limit !== undefined && count >= filters.limit) return;
      count++;
      yield parse(repoInfoSchema, item, url.toString());
    }
  }

  /** `GET /api/{types}/{id}/tree/{rev}[/{path}]`, every page, recursive by default. */
  async *listTree(
    type: RepoType,
    repoId: string,
    revision: string,
    options: { path?: string; recursive?: boolean; expand?: boolean; signal?: AbortSignal } = {},
  ): AsyncGenerator<RemoteTreeEntry> {
    const url = new URL(treeUrl(this.endpoint, type, repoId, revision, options.path ?? ''));
    url.searchParams.set('recursive', String(options.recursive ?? true));
    url.searchParams.set('expand', String(options.expand ?? false));
    for await (const item of this.pages(url.toString(), options.signal)) {
      yield parse(treeEntrySchema, item, url.toString());
    }
  }

  /** `POST /api/{types}/{id}/paths-info/{rev}`: entries of the given paths (missing ones are skipped by the hub). */
  async pathsInfo(type: RepoType, repoId: string, revision: string, paths: readonly string[], options: { expand?: boolean; signal?: AbortSignal } = {}): Promise<RemoteTreeEntry[]> {
    const url = pathsInfoUrl(this.endpoint, type, repoId, revision);
    const response = await this.client.request(url, {
      method: 'POST',
      token: this.token,
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ paths, expand: options.expand ?? false }),
      retry: true,
      ...signalOf(options.signal),
    });
    const body = await response.json();
    if (!Array.isArray(body)) throw badResponse(url, 'expected a JSON array');
    return body.map((item) => parse(treeEntrySchema, item, url));
  }

  /** `GET /api/{types}/{id}/refs`: branches and tags with their commits. */
  async listRefs(type: RepoType, repoId: string, signal?: AbortSignal): Promise<RemoteRefs> {
    const url = refsUrl(this.endpoint, type, repoId);
    return parse(refsSchema, await this.getJson(url, signal), url);
  }

  /** `GET /api/{types}/{id}/commits/{rev}`: the whole history, newest first, every page. */
  async *listCommits(type: RepoType, repoId: string, revision: string, signal?: AbortSignal): AsyncGenerator<RemoteCommit> {
    const url = commitsUrl(this.endpoint, type, repoId, revision);
    for await (const item of this.pages(url, signal)) yield parse(commitSchema, item, url);
  }

  /** One request: the newest `limit` commits of a revision (a hub may send fewer), the total it reports, and whether more follow. */
  async firstCommits(type: RepoType, repoId: string, revision: string, limit: number, signal?: AbortSignal): Promise<RemoteCommitPage> {
    const url = `${commitsUrl(this.endpoint, type, repoId, revision)}?limit=${limit}`;
    const response = await this.client.request(url, { token: this.token, headers: { accept: 'application/json' }, redirects: 'relative', wholeBody: true, ...signalOf(signal) });
    const more = nextLink(response.header('link')) !== undefined;
    const totalHeader = Number(response.header('x-total-count'));
    const body = await readJson(response, url);
    if (!Array.isArray(body)) throw badResponse(url, 'expected a JSON array');
    return { commits: body.map((item) => parse(commitSchema, item, url)), total: Number.isSafeInteger(totalHeader) && response.header('x-total-count') !== undefined ? totalHeader : undefined, more };
  }

  /** A small text file at a revision (a README), through `resolve`. */
  async readText(type: RepoType, repoId: string, revision: string, path: string, signal?: AbortSignal): Promise<string> {
    const url = resolveUrl(this.endpoint, type, repoId, revision, path);
    const response = await this.client.request(url, { token: this.token, redirects: 'all', wholeBody: true, ...signalOf(signal) });
    return response.text();
  }

  /**
   * Bytes `start` to `start + length - 1` of a file at a revision, by one ranged GET through
   * `resolve` (redirects followed). A hub that ignores Range is refused rather than read whole.
   */
  async readRange(type: RepoType, repoId: string, revision: string, path: string, start: number, length: number, signal?: AbortSignal): Promise<Buffer> {
    const url = resolveUrl(this.endpoint, type, repoId, revision, path);
    const sink = new CollectingSink(length);
    const headers = { range: `bytes=${start}-${start + length - 1}` };
    await this.client.download(url, { headers, ...(this.token === undefined ? {} : { token: this.token }), ...signalOf(signal) }, (head) => {
      if (head.status !== 206) throw badResponse(url, `answered ${head.status} to a Range request (reading a file header needs ranged GETs)`);
      return sink;
    });
    return sink.bytes();
  }

  private async getJson(url: string, signal: AbortSignal | undefined): Promise<unknown> {
    const response = await this.client.request(url, { token: this.token, headers: { accept: 'application/json' }, redirects: 'relative', wholeBody: true, ...signalOf(signal) });
    return readJson(response, url);
  }

  /**
   * Every item of every page. The next page is asked for as soon as a page's `Link` header names
   * it, so the hub prepares it while this one is read and used; one left unread (the caller stopped
   * early, or failed) is drained.
   */
  private async *pages(first: string, signal: AbortSignal | undefined): AsyncGenerator<unknown> {
    const fetchPage = (url: string): { url: string; response: Promise<UpstreamResponse> } => {
      const response = this.client.request(url, { token: this.token, headers: { accept: 'application/json' }, redirects: 'relative', wholeBody: true, ...signalOf(signal) });
      // Awaited below, or drained in finally: never an unhandled rejection meanwhile.
      response.catch(() => undefined);
      return { url, response };
    };
    let page: { url: string; response: Promise<UpstreamResponse> } | undefined = fetchPage(first);
    try {
      while (page !== undefined) {
        const { url } = page;
        const response = await page.response;
        page = undefined;
        const next = nextLink(response.header('link'));
        if (next !== undefined && response.status < 300) page = fetchPage(new URL(next, url).toString());
        const body = await readJson(response, url);
        if (!Array.isArray(body)) throw badResponse(url, 'expected a JSON array');
        yield* body;
      }
    } finally {
      if (page !== undefined) void page.response.then((unread) => unread.dump(), () => undefined);
    }
  }
}

async function readJson(response: UpstreamResponse, url: string): Promise<unknown> {
  if (response.status >= 300) {
    await response.dump();
    throw badResponse(url, `unexpected status ${response.status}`);
  }
  try {
    return await response.json();
  } catch (error) {
    throw badResponse(url, `invalid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
}

function parse<T>(schema: z.ZodType<T>, value: unknown, url: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw badResponse(url, `${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is invalid'}`.trim());
}

function badResponse(url: string, problem: string): AppError {
  return new AppError('UpstreamUnavailable', `Unexpected answer from ${describeUrl(url)}: ${problem}`);
}

function signalOf(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}
