import { createHash } from 'node:crypto';
import type { RepoRecord } from '../../src/main/store/index.js';
import { bearer, httpRequest, type HttpResponse } from './http-request.js';
import type { TestServer } from './start-server.js';

export const testAuthor = { name: 'alice', email: 'alice@example.com' };

export function sha256(data: Buffer | string): string {
  return createHash('sha256').update(data).digest('hex');
}

export function gitBlobOid(data: Buffer | string): string {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

/** A repo made through the store (repo creation over HTTP is another route family). */
export function createTestRepo(
  server: TestServer,
  name = 'm1',
  options: { type?: 'model' | 'dataset' | 'space'; private?: boolean; namespace?: string } = {},
): RepoRecord {
  return server.core.store.createRepo({
    type: options.type ?? 'model',
    namespace: options.namespace ?? server.user,
    name,
    private: options.private ?? false,
    author: testAuthor,
  });
}

/** A second user with a read-only token. */
export function readOnlyToken(server: TestServer, user = 'bob'): string {
  server.core.accounts.createUser(user);
  return server.core.accounts.createToken(user, { role: 'read', displayName: 'read' });
}

export function headOf(server: TestServer, repo: RepoRecord, branch = 'main'): string {
  return server.core.store.resolveRevision(repo.id, branch);
}

export interface NdjsonLine {
  readonly key: string;
  readonly value: unknown;
}

/** An NDJSON commit body; Python ends every line with "\n", JS joins lines without a trailing one. */
export function ndjson(lines: readonly NdjsonLine[], trailingNewline = true): string {
  const body = lines.map((line) => JSON.stringify(line)).join('\n');
  return trailingNewline ? `${body}\n` : body;
}

export function header(summary = 'update', extra: Record<string, unknown> = {}): NdjsonLine {
  return { key: 'header', value: { summary, ...extra } };
}

export function fileLine(path: string, content: string | Buffer): NdjsonLine {
  return { key: 'file', value: { path, content: Buffer.from(content).toString('base64'), encoding: 'base64' } };
}

export function lfsLine(path: string, content: Buffer): NdjsonLine {
  return { key: 'lfsFile', value: { path, algo: 'sha256', oid: sha256(content), size: content.length } };
}

export function apiBase(server: TestServer, repo: RepoRecord): string {
  return `${server.url}/api/${repo.type}s/${repo.fullName}`;
}

export function lfsBase(server: TestServer, repo: RepoRecord): string {
  const prefix = repo.type === 'model' ? '' : `${repo.type}s/`;
  return `${server.url}/${prefix}${repo.fullName}.git/info/lfs`;
}

export function postCommit(server: TestServer, repo: RepoRecord, body: string, options: { token?: string; rev?: string } = {}): Promise<HttpResponse> {
  return httpRequest(`${apiBase(server, repo)}/commit/${options.rev ?? 'main'}`, {
    method: 'POST',
    headers: { ...bearer(options.token ?? server.token), 'content-type': 'application/x-ndjson' },
    body,
  });
}

export interface BatchObject {
  readonly oid: string;
  readonly size: number;
  readonly authenticated?: boolean;
  readonly actions?: {
    readonly upload?: { readonly href: string; readonly header?: Record<string, string>; readonly expires_in?: number };
    readonly verify?: { readonly href: string };
    readonly download?: { readonly href: string };
  };
  readonly error?: { readonly code: number; readonly message: string };
}

export interface BatchResponse {
  readonly transfer: string;
  readonly hash_algo: string;
  readonly objects: readonly BatchObject[];
}

export function postBatch(
  server: TestServer,
  repo: RepoRecord,
  body: Record<string, unknown>,
  headers: Record<string, string> = bearer(server.token),
): Promise<HttpResponse> {
  return httpRequest(`${lfsBase(server, repo)}/objects/batch`, {
    method: 'POST',
    headers: { accept: 'application/vnd.git-lfs+json', 'content-type': 'application/vnd.git-lfs+json', ...headers },
    body: JSON.stringify(body),
  });
}

export async function batchUpload(server: TestServer, repo: RepoRecord, contents: readonly Buffer[], transfers = ['basic']): Promise<BatchResponse> {
  const res = await postBatch(server, repo, {
    operation: 'upload',
    transfers,
    hash_algo: 'sha256',
    ref: { name: 'main' },
    objects: contents.map((content) => ({ oid: sha256(content), size: content.length })),
  });
  if (res.status !== 200) throw new Error(`batch answered ${res.status}: ${res.text}`);
  return res.json() as BatchResponse;
}

/** Uploads LFS content through batch + basic PUT (no Authorization, as both HF clients do). */
export async function uploadLfs(server: TestServer, repo: RepoRecord, content: Buffer): Promise<void> {
  const batch = await batchUpload(server, repo, [content]);
  const href = batch.objects[0]?.actions?.upload?.href;
  if (href === undefined) return;
  const put = await httpRequest(href, { method: 'PUT', body: content });
  if (put.status !== 200) throw new Error(`PUT answered ${put.status}: ${put.text}`);
}

export function errorOf(res: HttpResponse): { status: number; code: string; message: string } {
  return { status: res.status, code: res.header('x-error-code'), message: res.header('x-error-message') };
}
