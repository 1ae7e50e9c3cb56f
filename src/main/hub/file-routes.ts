import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { isOid } from '../../shared/git-objects.js';
import type { RepoType } from '../../shared/repo-id.js';
import type { FileEntryInfo, RepoRecord } from '../store/index.js';
import { parseByteRange, type RangeRequest } from './byte-range.js';
import { assertMayDownload } from './download-access.js';
import { fileBytes, fileIdentity, openStoredFile, type FileIdentity, type FileMode } from './file-content.js';
import { sendFileRange } from './file-sender.js';
import { loadRepo } from './repo-access.js';
import { parseBool } from '../http/index.js';
import type { HubDeps } from './hub-deps.js';
import { resolveRevisionPath, type RevisionTarget } from './revision-path.js';
import { urlTail } from './url-tail.js';

const repoParams = z.object({ ns: z.string(), name: z.string() });
const fileQuery = z.object({ noContentDisposition: z.unknown() }).partial();

const PREFIXES: ReadonlyArray<{ readonly prefix: string; readonly type: RepoType }> = [
  { prefix: '', type: 'model' },
  { prefix: '/datasets', type: 'dataset' },
  { prefix: '/spaces', type: 'space' },
];

interface FileRoute {
  readonly type: RepoType;
  readonly mode: FileMode;
  /** URL segments before the revision. */
  readonly skip: number;
}

/** One file response being built: who asked, for what, and its identity headers. */
interface FileRequest {
  readonly deps: HubDeps;
  readonly request: FastifyRequest;
  readonly reply: FastifyReply;
  readonly repo: RepoRecord;
  readonly entry: FileEntryInfo;
  readonly mode: FileMode;
  readonly identity: FileIdentity;
}

/**
 * `HEAD`/`GET /{pfx}{ns}/{name}/resolve|raw/{rev}/{path}` (HF wire protocol §2.3, §2.4): bytes served
 * directly (no redirect), one Range, identity headers on every answer including HEAD and errors.
 */
export function registerFileRoutes(app: FastifyInstance, deps: HubDeps): void {
  for (const { prefix, type } of PREFIXES) {
    for (const mode of ['resolve', 'raw'] as const) {
      const route: FileRoute = { type, mode, skip: prefix === '' ? 3 : 4 };
      app.route({
        method: ['GET', 'HEAD'],
        url: `${prefix}/:ns/:name/${mode}/*`,
        exposeHeadRoute: false,
        onSend: bodilessHeadErrors,
        handler: (request, reply) => serveFile(deps, request, reply, route),
      });
    }
  }
}

/**
 * A HEAD error has no body, so it must not claim to be JSON: JS reads a JSON error body whenever
 * the type says so and fails with a SyntaxError instead of its HubApiError (fileExists does HEAD).
 */
function bodilessHeadErrors(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void): void {
  if (request.method === 'HEAD' && reply.statusCode >= 400) reply.header('content-type', 'text/plain; charset=utf-8');
  done(null, payload);
}

async function serveFile(deps: HubDeps, request: FastifyRequest, reply: FastifyReply, route: FileRoute): Promise<FastifyReply> {
  const { ns, name } = repoParams.parse(request.params);
  const repo = loadRepo(deps, request, route.type, ns, name, 'read');
  assertMayDownload(deps, request, repo);
  const target = resolveRevisionPath(deps.store, repo.id, urlTail(request.url, route.skip));
  // Python records a missing file under this commit (.no_exist), so EntryNotFound carries it too.
  reply.header('x-repo-commit', target.commit);
  const entry = target.path === '' ? undefined : deps.store.getEntry(target.commit, target.path);
  if (entry?.type !== 'file') {
    throw new AppError('EntryNotFound', `${target.path || '(empty path)'} does not exist at revision ${target.revision}`);
  }
  const file: FileRequest = { deps, request, reply, repo, entry, mode: route.mode, identity: fileIdentity(entry, route.mode) };
  setFileHeaders(file, target);
  const ifRange = request.headers['if-range'];
  const range = ifRange === undefined || ifRange === `"${file.identity.etag}"` ? parseByteRange(request.headers.range, file.identity.size) : undefined;
  return sendRange(file, range ?? { kind: 'full' });
}

function setFileHeaders({ request, reply, repo, mode, identity }: FileRequest, target: RevisionTarget): void {
  reply.header('etag', `"${identity.etag}"`);
  if (identity.linked) {
    reply.header('x-linked-etag', `"${identity.linked.etag}"`).header('x-linked-size', String(identity.linked.size));
  } else if (mode === 'resolve') {
    // Some HTTP stacks drop Content-Length on HEAD; Python reads this one first.
    reply.header('x-linked-size', String(identity.size));
  }
  reply
    .header('accept-ranges', 'bytes')
    .header('content-type', 'application/octet-stream')
    .header('cache-control', cacheControl(repo, target.revision));
  const { noContentDisposition } = fileQuery.parse(request.query);
  if (!parseBool(noContentDisposition)) reply.header('content-disposition', contentDisposition(target.path, mode));
}

async function sendRange(file: FileRequest, range: RangeRequest): Promise<FastifyReply> {
  const { size } = file.identity;
  if (range.kind === 'unsatisfiable') {
    if (size === 0) {
      // An empty file has no byte to range over, but a 416 would break JS downloads, which probe
      // with bytes=0-0 and read the size from Content-Range even on a 200.
      file.reply.header('content-range', 'bytes */0');
      return sendBody(file, 0, -1, 200);
    }
    file.reply.header('content-range', `bytes */${size}`);
    throw new AppError('BadRequest', `Requested range not satisfiable for a file of ${size} bytes`, {}, { status: 416 });
  }
  if (range.kind === 'partial') {
    file.reply.header('content-range', `bytes ${range.start}-${range.end}/${size}`);
    return sendBody(file, range.start, range.end, 206);
  }
  return sendBody(file, 0, size - 1, 200);
}

async function sendBody(file: FileRequest, start: number, end: number, status: number): Promise<FastifyReply> {
  const { deps, request, reply, repo, entry, mode, identity } = file;
  const length = end - start + 1;
  reply.code(status).header('content-length', String(length));
  if (request.method === 'HEAD') return reply.send();
  const probe = status === 206 && start === 0 && end === 0;
  if (!probe) deps.store.countDownload(repo.id, `${request.ip} ${request.headers['user-agent'] ?? ''}`);
  if (length === 0) return reply.send(Buffer.alloc(0));
  const bytes = fileBytes(deps.store, entry, mode);
  if (bytes.kind === 'bytes') {
    if (bytes.data.length !== identity.size) throw new Error(`corrupt store: blob ${entry.oid} holds ${bytes.data.length} bytes, expected ${identity.size}`);
    return reply.send(bytes.data.subarray(start, end + 1));
  }
  const handle = await openStoredFile(bytes.path, identity.size);
  await sendFileRange(reply, handle, start, end);
  return reply;
}

function cacheControl(repo: RepoRecord, revision: string): string {
  if (!isOid(revision)) return 'no-cache';
  return `${repo.private ? 'private' : 'public'}, max-age=31536000, immutable`;
}

/** `filename` must be ASCII and quoted; `filename*` carries the exact UTF-8 name (RFC 6266). */
function contentDisposition(path: string, mode: FileMode): string {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${mode === 'raw' ? 'inline' : 'attachment'}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
