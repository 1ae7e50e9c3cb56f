// A REPLAY of the object store behind a hub's download redirects (S3 behind KohakuHub, the CDN
// behind huggingface.co), not the real thing: GET/HEAD of `/{bucket}/{key}?X-Amz-...&X-Amz-Signature=...`
// with Range, and PUT to a presigned upload URL (KohakuHub's LFS uploads: S3 checks the body against
// `x-amz-checksum-sha256` when the URL's headers carry one, 400 BadDigest otherwise). As S3 does, it refuses a request that carries an Authorization header beside the
// presigned query (400 InvalidArgument: "Only one auth mechanism allowed") and one whose signature
// is missing or wrong (403 SignatureDoesNotMatch: a client that dropped the query). Every
// Authorization it sees is recorded in `leaks`: a hub's token must never reach the storage host.
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Cleanup } from './start-server.js';

const BUCKET = 'hub-storage';

/** The replay's object store, on its own port. */
export interface ReplayStorage {
  readonly url: string;
  /** Requests received, as "METHOD path?query". */
  readonly requests: string[];
  /** Authorization headers it was sent (a token leaked off the hub's origin): must stay empty. */
  readonly leaks: string[];
}

export interface SigningStorage extends ReplayStorage {
  /** Stores bytes under a new key and returns a signed URL for them (presigned S3, signed CDN URL). */
  presign(bytes: Buffer, filename: string): string;
  /** A presigned PUT URL for `key`; the object appears once a PUT with the whole body succeeded. */
  presignUpload(key: string): string;
  /** The bytes stored under `key` (uploaded or presigned), if any. */
  object(key: string): Buffer | undefined;
}

/**
 * The object store behind a hub's redirects (KohakuHub's S3, huggingface.co's CDN): another origin,
 * which wants its signature and never a token. Answers say `X-Replay: <label>`.
 */
export async function startReplayStorage(cleanup: Cleanup, label: string): Promise<SigningStorage> {
  const secret = randomBytes(16);
  const objects = new Map<string, Buffer>();
  const requests: string[] = [];
  const leaks: string[] = [];
  const sign = (key: string): string => createHash('sha256').update(secret).update(key).digest('hex');
  const server = createServer((request, response) => {
    requests.push(`${request.method ?? 'GET'} ${request.url ?? ''}`);
    response.setHeader('X-Replay', label);
    const url = new URL(request.url ?? '/', 'http://s3');
    const key = decodeURIComponent(url.pathname.slice(`/${BUCKET}/`.length));
    if (request.headers.authorization !== undefined) {
      leaks.push(request.headers.authorization);
      return s3Error(response, 400, 'InvalidArgument', 'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified');
    }
    if (url.searchParams.get('X-Amz-Signature') !== sign(request.method === 'PUT' ? `PUT ${key}` : key)) return s3Error(response, 403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided.');
    if (request.method === 'PUT') return receiveObject(request, response, (bytes) => objects.set(key, bytes));
    const bytes = objects.get(key);
    if (bytes === undefined) return s3Error(response, 404, 'NoSuchKey', 'The specified key does not exist.');
    serveObject(request, response, bytes);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanup.after(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const signedQuery = (signature: string, extra: Record<string, string> = {}): string =>
    new URLSearchParams({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': 'replay/20250101/us-east-1/s3/aws4_request',
      'X-Amz-Date': '20250101T000000Z',
      'X-Amz-Expires': '86400',
      'X-Amz-SignedHeaders': 'host',
      ...extra,
      'X-Amz-Signature': signature,
    }).toString();
  return {
    url,
    requests,
    leaks,
    presignUpload: (key) => `${url}/${BUCKET}/${key}?${signedQuery(sign(`PUT ${key}`))}`,
    object: (key) => objects.get(key),
    presign: (bytes, filename) => {
      // LakeFS keeps objects under its own random physical addresses, not under the file's name or hash.
      const key = `data/${randomBytes(10).toString('hex')}`;
      objects.set(key, bytes);
      const query = signedQuery(sign(key), { 'response-content-disposition': `attachment; filename="${filename}"` });
      return `${url}/${BUCKET}/${key}?${query}`;
    },
  };
}

/** A PUT's whole body, kept only when it arrived whole and matches the checksum header it carries. */
function receiveObject(request: IncomingMessage, response: ServerResponse, store: (bytes: Buffer) => void): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const bytes = Buffer.concat(chunks);
    const declared = request.headers['content-length'];
    if (declared !== undefined && Number(declared) !== bytes.length) return s3Error(response, 400, 'IncompleteBody', 'You did not provide the number of bytes specified by the Content-Length HTTP header.');
    const checksum = request.headers['x-amz-checksum-sha256'];
    if (typeof checksum === 'string' && createHash('sha256').update(bytes).digest('base64') !== checksum) {
      return s3Error(response, 400, 'BadDigest', 'The SHA256 you specified did not match the calculated checksum.');
    }
    store(bytes);
    response.writeHead(200, { etag: `"${createHash('md5').update(bytes).digest('hex')}"`, 'content-length': '0' });
    response.end();
  });
}

/** An object's bytes, or a byte range of them, as S3 answers. */
function serveObject(request: IncomingMessage, response: ServerResponse, bytes: Buffer): void {
  const range = /^bytes=(\d+)-(\d*)$/.exec(request.headers.range ?? '');
  const start = range === null ? 0 : Number(range[1]);
  const end = range === null || range[2] === '' ? bytes.length - 1 : Math.min(Number(range[2]), bytes.length - 1);
  const body = bytes.subarray(start, end + 1);
  const headers: Record<string, string> = {
    'content-type': 'application/octet-stream',
    'content-length': String(body.length),
    'accept-ranges': 'bytes',
    // S3's ETag is the MD5 of the object (quoted), nothing the hub's clients may take for a sha256.
    etag: `"${createHash('md5').update(bytes).digest('hex')}"`,
  };
  if (range !== null) headers['content-range'] = `bytes ${start}-${end}/${bytes.length}`;
  response.writeHead(range === null ? 200 : 206, headers);
  response.end(request.method === 'HEAD' ? undefined : body);
}

function s3Error(response: ServerResponse, status: number, code: string, message: string): void {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  response.writeHead(status, { 'content-type': 'application/xml', 'content-length': String(Buffer.byteLength(body)) });
  response.end(body);
}
