import { open } from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, isAppError } from '../../shared/errors.js';
import { storageFailureOf } from '../http/index.js';
import type { Store } from '../store/index.js';
import { parseByteRange } from './byte-range.js';
import { sendFileRange } from './file-sender.js';
import { acceptLfsJson, lfsError, sendLfsJson } from './lfs-reply.js';
import { TRANSFER_ROUTE_PREFIX, type TransferGrant, type TransferSigner } from './signed-url.js';

interface TransferContext {
  readonly store: Store;
  readonly signer: TransferSigner;
}

const verifyBody = z.object({ oid: z.string(), size: z.number().int().nonnegative() });
const completeBody = z.object({
  oid: z.string(),
  parts: z.array(z.object({ partNumber: z.number().int().positive(), etag: z.string() })).min(1),
});

/**
 * The signed transfer URLs handed out by the batch API: basic PUT, HF multipart parts and
 * completion, verify, and download (git-lfs) with Range. The URL is the credential; bodies
 * stream straight into the blob store, whatever their size.
 */
export function registerLfsTransferRoutes(app: FastifyInstance, context: TransferContext): void {
  void app.register((scope, _options, done) => {
    // Upload bodies are raw bytes of any type and size: leave the stream to the handler.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, _payload, parsed) => parsed(null, undefined));
    scope.put(`${TRANSFER_ROUTE_PREFIX}/upload/:oid`, (request, reply) =>
      guard(reply, () => upload(context, request, reply)),
    );
    scope.put(`${TRANSFER_ROUTE_PREFIX}/part/:oid`, (request, reply) =>
      guard(reply, () => uploadPart(context, request, reply)),
    );
    done();
  });
  void app.register((scope, _options, done) => {
    acceptLfsJson(scope);
    scope.post(`${TRANSFER_ROUTE_PREFIX}/verify/:oid`, (request, reply) => guard(reply, () => verify(context, request, reply)));
    scope.post(`${TRANSFER_ROUTE_PREFIX}/complete/:oid`, (request, reply) =>
      guard(reply, () => complete(context, request, reply)),
    );
    scope.get(`${TRANSFER_ROUTE_PREFIX}/download/:oid`, (request, reply) => guard(reply, () => download(context, request, reply)));
    done();
  });
}

async function guard(reply: FastifyReply, handler: () => Promise<FastifyReply>): Promise<FastifyReply> {
  try {
    return await handler();
  } catch (error) {
    throw lfsError(error, reply);
  }
}

function grantFor(context: TransferContext, request: FastifyRequest, action: TransferGrant['action']): TransferGrant {
  const { oid } = request.params as { oid?: string };
  return context.signer.verify(request.query, action, oid ?? '');
}

async function upload(context: TransferContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const grant = grantFor(context, request, 'upload');
  await receive(request, reply, grant.size, () =>
    context.store.blobs.putStream(request.raw, { expectedSha256: grant.oid, expectedSize: grant.size }),
  );
  return reply.code(200).send();
}

async function uploadPart(context: TransferContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const grant = grantFor(context, request, 'part');
  const { uploadId, chunkSize, part } = grant;
  if (uploadId === undefined || chunkSize === undefined || part === undefined) throw new AppError('Forbidden', 'Not a part upload URL');
  const offset = (part - 1) * chunkSize;
  const length = Math.min(chunkSize, grant.size - offset);
  if (length <= 0) throw new AppError('BadRequest', `Part ${part} is beyond the end of the object`);
  await receive(request, reply, length, () => context.store.uploads.writePart(uploadId, offset, length, request.raw));
  return reply.code(200).header('etag', context.signer.partEtag(uploadId, part, length)).send();
}

/**
 * Runs a body-consuming write with the declared length checked first. When it fails before the
 * body is read to the end, the connection is closed rather than draining gigabytes nobody wants.
 */
async function receive(request: FastifyRequest, reply: FastifyReply, expected: number, write: () => Promise<unknown>): Promise<void> {
  try {
    const declared = request.headers['content-length'];
    if (declared !== undefined && Number(declared) !== expected) {
      throw new AppError('IntegrityError', `Expected ${expected} bytes but the request declares ${declared}; nothing was stored`);
    }
    await write();
  } catch (error) {
    if (!request.raw.readableEnded) reply.header('connection', 'close');
    // A disk that cannot take the bytes is the server's problem, even when it stopped the body early.
    const storage = storageFailureOf(error);
    if (storage) throw storage;
    if (isAppError(error) || request.raw.complete) throw error;
    throw new AppError('BadRequest', 'The upload was interrupted before all bytes arrived; nothing was stored', {}, { cause: error });
  }
}

async function complete(context: TransferContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const grant = grantFor(context, request, 'complete');
  const { uploadId, chunkSize } = grant;
  if (uploadId === undefined || chunkSize === undefined) throw new AppError('Forbidden', 'Not a multipart completion URL');
  const body = completeBody.safeParse(request.body);
  if (!body.success) throw new AppError('UnprocessableEntity', 'Expected {"oid", "parts": [{"partNumber", "etag"}, ...]}');
  if (body.data.oid !== grant.oid) throw new AppError('UnprocessableEntity', `This completion URL is for ${grant.oid}, not ${body.data.oid}`);
  const count = Math.ceil(grant.size / chunkSize);
  const parts = [...body.data.parts].sort((a, b) => a.partNumber - b.partNumber);
  if (parts.length !== count || parts.some((part, index) => part.partNumber !== index + 1)) {
    throw new AppError('UnprocessableEntity', `Expected parts 1 to ${count}, each once`);
  }
  for (const part of parts) {
    const length = Math.min(chunkSize, grant.size - (part.partNumber - 1) * chunkSize);
    if (normalizeEtag(part.etag) !== normalizeEtag(context.signer.partEtag(uploadId, part.partNumber, length))) {
      throw new AppError('UnprocessableEntity', `Part ${part.partNumber} has an unknown ETag; upload it again`);
    }
  }
  await context.store.uploads.complete(uploadId, { sha256: grant.oid, size: grant.size });
  return sendLfsJson(reply.code(200), {});
}

function normalizeEtag(etag: string): string {
  return etag.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
}

async function verify(context: TransferContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const grant = grantFor(context, request, 'verify');
  const body = verifyBody.safeParse(request.body);
  if (!body.success) throw new AppError('UnprocessableEntity', 'Expected {"oid", "size"}');
  const stored = body.data.oid === grant.oid ? await context.store.blobs.size(grant.oid) : undefined;
  if (stored === undefined || stored !== body.data.size) {
    throw new AppError('NotFound', `Object ${body.data.oid} with ${body.data.size} bytes has not been uploaded`);
  }
  return sendLfsJson(reply.code(200), { oid: grant.oid, size: stored });
}

/**
 * The object's bytes (or a Range of them) as the file downloads send theirs: sendfile(2), else two
 * reused buffers refilled as the socket takes them. A read stream piped into the reply allocated a
 * fresh buffer per chunk, and a 1 GB download lifted the hub's RSS by 20 MB before V8 freed them.
 */
async function download(context: TransferContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const grant = grantFor(context, request, 'download');
  const handle = await open(context.store.blobs.pathOf(grant.oid), 'r').catch(() => undefined);
  if (handle === undefined) throw new AppError('NotFound', `Object ${grant.oid} does not exist`);
  let sent = false;
  try {
    const { size } = await handle.stat();
    const { start, end } = setDownloadHeaders(request, reply, grant.oid, size);
    if (request.method === 'HEAD' || size === 0) return await reply.send();
    // Closes the file whatever happens.
    sent = true;
    await sendFileRange(reply, handle, start, end);
    return reply;
  } finally {
    if (!sent) await handle.close();
  }
}

/** Status and headers of a download of `size` bytes, Range included; returns the bytes to send (inclusive). */
function setDownloadHeaders(request: FastifyRequest, reply: FastifyReply, oid: string, size: number): { start: number; end: number } {
  reply
    .header('accept-ranges', 'bytes')
    .header('etag', `"${oid}"`)
    .header('cache-control', 'private, no-transform')
    .type('application/octet-stream');
  const range = parseByteRange(request.headers.range, size);
  if (range.kind === 'unsatisfiable') {
    reply.header('content-range', `bytes */${size}`);
    throw new AppError('BadRequest', 'Range not satisfiable', {}, { status: 416 });
  }
  const start = range.kind === 'partial' ? range.start : 0;
  const end = range.kind === 'partial' ? range.end : size - 1;
  if (range.kind === 'partial') reply.code(206).header('content-range', `bytes ${start}-${end}/${size}`);
  reply.header('content-length', String(end - start + 1));
  return { start, end };
}
