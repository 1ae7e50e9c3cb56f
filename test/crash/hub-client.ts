// The HTTP calls the crash suite makes against the hub under test, as the HF clients make them.
import { bearer, httpRequest, type HttpResponse } from '../helpers/http-request.js';
import { header, ndjson, sha256, type NdjsonLine } from '../helpers/hub-write.js';

/** A response other than the one expected while the server was up: a finding, not a crash effect. */
export class UnexpectedReply extends Error {
  constructor(what: string, res: HttpResponse) {
    super(`${what} answered ${res.status} ${res.header('x-error-code')}: ${res.text.slice(0, 300)}`);
    this.name = 'UnexpectedReply';
  }
}

export interface RefsReply {
  readonly branches: ReadonlyArray<{ name: string; targetCommit: string }>;
  readonly tags: ReadonlyArray<{ name: string; targetCommit: string }>;
}

interface BatchReply {
  readonly objects: ReadonlyArray<{
    readonly actions?: { readonly upload?: { readonly href: string; readonly header?: Record<string, string> } };
    readonly error?: { readonly code: number; readonly message: string };
  }>;
}

export class HubClient {
  constructor(
    readonly url: string,
    private readonly token: string,
    readonly repo: string,
  ) {}

  private api(tail: string): string {
    return `${this.url}/api/models/${this.repo}${tail}`;
  }

  private expect200(what: string, res: HttpResponse): HttpResponse {
    if (res.status !== 200) throw new UnexpectedReply(what, res);
    return res;
  }

  /** POSTs `body` as JSON with the token; throws unless the hub answers 200. */
  private async postJson(what: string, url: string, body: unknown): Promise<HttpResponse> {
    return this.expect200(
      what,
      await httpRequest(url, {
        method: 'POST',
        headers: { ...bearer(this.token), 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    );
  }

  async createRepo(): Promise<void> {
    const [organization, name] = this.repo.split('/');
    await this.postJson('create repo', `${this.url}/api/repos/create`, { type: 'model', organization, name });
  }

  /** An NDJSON commit on `branch` with `parentCommit`; returns the new commit id. */
  async commit(branch: string, parentCommit: string, summary: string, lines: readonly NdjsonLine[]): Promise<string> {
    const res = await httpRequest(this.api(`/commit/${branch}`), {
      method: 'POST',
      headers: { ...bearer(this.token), 'content-type': 'application/x-ndjson' },
      body: ndjson([header(summary, { parentCommit }), ...lines]),
    });
    this.expect200(`commit on ${branch}`, res);
    return (res.json() as { commitOid: string }).commitOid;
  }

  /** Batch + one PUT (or HF multipart parts + completion when the hub offers it). True when uploaded, false when the hub had it. */
  async uploadLfs(content: Buffer, multipart: boolean): Promise<boolean> {
    const oid = sha256(content);
    const batch = this.expect200(
      'LFS batch',
      await httpRequest(`${this.url}/${this.repo}.git/info/lfs/objects/batch`, {
        method: 'POST',
        headers: { ...bearer(this.token), accept: 'application/vnd.git-lfs+json', 'content-type': 'application/vnd.git-lfs+json' },
        body: JSON.stringify({
          operation: 'upload',
          transfers: multipart ? ['basic', 'multipart'] : ['basic'],
          hash_algo: 'sha256',
          objects: [{ oid, size: content.length }],
        }),
      }),
    );
    const object = (batch.json() as BatchReply).objects[0];
    if (object?.error) throw new Error(`LFS batch refused ${oid}: ${object.error.message}`);
    const upload = object?.actions?.upload;
    if (!upload) return false;
    const chunk = Number(upload.header?.chunk_size);
    if (!multipart || !Number.isFinite(chunk)) {
      this.expect200('LFS PUT', await httpRequest(upload.href, { method: 'PUT', body: content }));
      return true;
    }
    const parts: Array<{ partNumber: number; etag: string }> = [];
    for (let n = 1; (n - 1) * chunk < content.length; n++) {
      const href = upload.header?.[String(n)];
      if (href === undefined) throw new Error(`multipart upload without a URL for part ${n}`);
      const res = this.expect200(`LFS part ${n}`, await httpRequest(href, { method: 'PUT', body: content.subarray((n - 1) * chunk, n * chunk) }));
      parts.push({ partNumber: n, etag: res.header('etag') });
    }
    this.expect200(
      'LFS multipart completion',
      await httpRequest(upload.href, { method: 'POST', headers: { 'content-type': 'application/vnd.git-lfs+json' }, body: JSON.stringify({ oid, parts }) }),
    );
    return true;
  }

  /** Whether the hub holds an LFS object: an upload batch for it hands out no upload action. */
  async hasLfsObject(oid: string, size: number): Promise<boolean> {
    const res = this.expect200(
      'LFS batch',
      await httpRequest(`${this.url}/${this.repo}.git/info/lfs/objects/batch`, {
        method: 'POST',
        headers: { ...bearer(this.token), accept: 'application/vnd.git-lfs+json', 'content-type': 'application/vnd.git-lfs+json' },
        body: JSON.stringify({ operation: 'upload', transfers: ['basic'], hash_algo: 'sha256', objects: [{ oid, size }] }),
      }),
    );
    return (res.json() as BatchReply).objects[0]?.actions?.upload === undefined;
  }

  async createBranch(name: string, startingPoint: string): Promise<void> {
    await this.postJson(`create branch ${name}`, this.api(`/branch/${name}`), { startingPoint });
  }

  async createTag(name: string, revision: string): Promise<void> {
    await this.postJson(`create tag ${name}`, this.api(`/tag/${revision}`), { tag: name });
  }

  async deleteRef(kind: 'branch' | 'tag', name: string): Promise<void> {
    this.expect200(`delete ${kind} ${name}`, await httpRequest(this.api(`/${kind}/${name}`), { method: 'DELETE', headers: bearer(this.token) }));
  }

  async refs(): Promise<RefsReply> {
    return this.expect200('refs', await httpRequest(this.api('/refs'), { headers: bearer(this.token) })).json() as RefsReply;
  }

  /** The commit a revision resolves to, or undefined when it does not exist (404). */
  async resolve(revision: string): Promise<string | undefined> {
    const res = await httpRequest(this.api(`/revision/${encodeURIComponent(revision)}`), { headers: bearer(this.token) });
    if (res.status === 404) return undefined;
    this.expect200(`revision ${revision}`, res);
    return (res.json() as { sha: string }).sha;
  }

  /** The first `limit` commits of a revision's history, newest first. */
  async history(revision: string, limit: number): Promise<string[]> {
    const res = this.expect200('commits', await httpRequest(this.api(`/commits/${revision}?limit=${limit}`), { headers: bearer(this.token) }));
    return (res.json() as Array<{ id: string }>).map((commit) => commit.id);
  }

  /** Path, git oid and LFS sha256 of each of these paths that exists at a revision. */
  async pathsInfo(revision: string, paths: readonly string[]): Promise<Array<{ path: string; oid: string; lfs?: { oid: string } }>> {
    const res = this.expect200(
      'paths-info',
      await httpRequest(this.api(`/paths-info/${revision}`), {
        method: 'POST',
        headers: { ...bearer(this.token), 'content-type': 'application/json' },
        body: JSON.stringify({ paths }),
      }),
    );
    return res.json() as Array<{ path: string; oid: string; lfs?: { oid: string } }>;
  }

  /** The bytes of a file at a revision, or the status when it is not 200. */
  async file(revision: string, path: string): Promise<Buffer | number> {
    const res = await httpRequest(`${this.url}/${this.repo}/resolve/${revision}/${path}`, { headers: bearer(this.token) });
    return res.status === 200 ? res.body : res.status;
  }
}
