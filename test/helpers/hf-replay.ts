// A REPLAY of huggingface.co's download behaviour, not huggingface.co (which tests here cannot
// reach): a front server for a real HubKeeper hub, which gives the HF-compatible API answers
// (repo info, trees with git oids), and turns each LFS file's resolve into what huggingface.co
// answers (HF-PROTOCOL.md §2.1, §2.5): a 302 to its CDN, another host, carrying X-Repo-Commit,
// X-Linked-Etag (the sha256, quoted), X-Linked-Size and ETag on the redirect itself, plus the
// Xet headers of a Xet-backed file (X-Xet-Hash, which is NOT the content's sha256, and a Link
// with rel="xet-auth" and rel="xet-reconstruction-info"); a plain GET of the CDN URL returns the
// bytes. Tree listings name such a file's `xetHash` too. Regular files are answered directly
// (200), as huggingface.co does. Every answer carries
// `X-Replay: huggingface.co`. The CDN is test/helpers/replay-storage.ts on its own port: it wants
// its signed query, and refuses and records any Authorization header.
import { createHash } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startReplayStorage, type ReplayStorage } from './replay-storage.js';
import type { Cleanup } from './start-server.js';

export interface HfReplay {
  readonly url: string;
  /** Requests received, as "METHOD path?query". */
  readonly requests: string[];
  /** The CDN the LFS files redirect to. */
  readonly cdn: ReplayStorage;
}

const RESOLVE = /^\/(?:(?:datasets|spaces)\/)?[^/]+\/[^/]+\/resolve\/[^/]+\/.+$/;
const TREE = /^\/api\/(?:models|datasets|spaces)\/[^/]+\/[^/]+\/tree\//;

/** The Xet hash the replay gives an LFS file: another hash than its sha256, as Xet's is. */
function xetHashOf(sha256: string): string {
  return createHash('sha256').update(`xet:${sha256}`).digest('hex');
}

/** Starts the replay in front of `origin` (a HubKeeper hub's URL). */
export async function startHfReplay(cleanup: Cleanup, origin: string): Promise<HfReplay> {
  const cdn = await startReplayStorage(cleanup, 'huggingface.co CDN');
  const requests: string[] = [];
  /** CDN URLs already made, by sha256: one object per content, as the CDN keys it. */
  const onCdn = new Map<string, string>();

  const resolve = async (request: IncomingMessage, response: ServerResponse, path: string): Promise<void> => {
    const head = await send(origin, 'HEAD', path, request.headers);
    const sha256 = /^"?([0-9a-f]{64})"?$/.exec(head.headers['x-linked-etag']?.toString() ?? '')?.[1];
    if (head.status !== 200 || sha256 === undefined) {
      // Errors and regular files: answered by the hub itself.
      await pipeThrough(origin, request, response, path);
      return;
    }
    let location = onCdn.get(sha256);
    if (location === undefined) {
      const whole = await send(origin, 'GET', path, request.headers);
      location = cdn.presign(whole.body, path.split('/').pop() ?? path);
      onCdn.set(sha256, location);
    }
    const xetHash = xetHashOf(sha256);
    response.writeHead(302, {
      location,
      'x-repo-commit': head.headers['x-repo-commit'] ?? '',
      'x-linked-etag': `"${sha256}"`,
      'x-linked-size': head.headers['x-linked-size'] ?? '',
      etag: `"${sha256}"`,
      'x-xet-hash': xetHash,
      link: `<${replayUrl(request)}/api/models/xet-read-token>; rel="xet-auth", <${cdn.url}/v1/reconstructions/${xetHash}>; rel="xet-reconstruction-info"`,
      'content-length': '0',
    });
    response.end();
  };

  /** A tree page with each LFS file's xetHash, as huggingface.co lists Xet-backed files. */
  const tree = async (request: IncomingMessage, response: ServerResponse, path: string): Promise<void> => {
    const answer = await send(origin, 'GET', path, request.headers);
    if (answer.status !== 200) {
      response.writeHead(answer.status, answer.headers);
      response.end(answer.body);
      return;
    }
    const entries = JSON.parse(answer.body.toString('utf8')) as Array<{ lfs?: { oid: string } }>;
    const body = Buffer.from(JSON.stringify(entries.map((entry) => (entry.lfs === undefined ? entry : { ...entry, xetHash: xetHashOf(entry.lfs.oid) }))));
    const { 'content-length': _length, 'transfer-encoding': _encoding, ...headers } = answer.headers;
    response.writeHead(200, { ...headers, 'content-length': String(body.length) });
    response.end(body);
  };

  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    requests.push(`${request.method ?? 'GET'} ${path}`);
    response.setHeader('X-Replay', 'huggingface.co');
    const pathname = new URL(path, 'http://replay').pathname;
    const reads = request.method === 'GET' || request.method === 'HEAD';
    const answering = reads && RESOLVE.test(pathname) ? resolve(request, response, path) : request.method === 'GET' && TREE.test(pathname) ? tree(request, response, path) : pipeThrough(origin, request, response, path);
    answering.catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { 'x-error-message': String(error) });
      response.end();
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cleanup.after(
    () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  );
  return { url, requests, cdn };
}

function replayUrl(request: IncomingMessage): string {
  return `http://${request.headers.host ?? 'replay'}`;
}

/** The request's headers for the origin: its own Host, the client's Authorization and the rest. */
function forwarded(headers: IncomingMessage['headers'], origin: string): IncomingMessage['headers'] {
  return { ...headers, host: new URL(origin).host };
}

/** One whole request to the origin (small test files: the body is kept in memory). */
function send(origin: string, method: string, path: string, headers: IncomingMessage['headers']): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
  // Whole and uncompressed: the replay reads these bodies.
  const { range: _range, 'accept-encoding': _encoding, ...rest } = headers;
  return new Promise((done, fail) => {
    const outgoing = httpRequest(new URL(path, origin), { method, headers: forwarded(rest, origin) }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => chunks.push(chunk));
      answer.on('end', () => done({ status: answer.statusCode ?? 502, headers: answer.headers, body: Buffer.concat(chunks) }));
      answer.on('error', fail);
    });
    outgoing.on('error', fail);
    outgoing.end();
  });
}

/** Streams the request to the origin and its answer back, headers and all. */
function pipeThrough(origin: string, request: IncomingMessage, response: ServerResponse, path: string): Promise<void> {
  return new Promise((done, fail) => {
    const outgoing = httpRequest(new URL(path, origin), { method: request.method ?? 'GET', headers: forwarded(request.headers, origin) }, (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
      answer.on('end', () => done());
      answer.on('error', fail);
    });
    outgoing.on('error', fail);
    request.pipe(outgoing);
  });
}
