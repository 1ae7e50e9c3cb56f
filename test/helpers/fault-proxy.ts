import { createServer, request as httpRequest, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** What the proxy does to the bodies of file downloads (GET …/resolve/…) passing through it. */
export interface Faults {
  /** Close the connection after this many body bytes of a response, for the next `times` responses. */
  cutAfterBytes?: number;
  times?: number;
  /** Flip the byte at this offset of the file (taken from Content-Range) in every response that carries it. */
  corruptOffset?: number;
  /** Answer every request with `Connection: close` (a server without keep-alive, so without pipelining). */
  closeEachResponse?: boolean;
  /** Answer the next `times` requests with 429 Too Many Requests and these headers (Retry-After, RateLimit), as a rate-limited hub does. */
  tooManyRequests?: { times: number; headers: Record<string, string> };
}

export interface FaultProxyOptions {
  /** Per-connection cap in bytes per second (as CDNs do), for every response body. */
  readonly bytesPerSecondPerConnection?: number;
}

export interface FaultProxy {
  readonly url: string;
  /** Body bytes of file downloads sent to clients so far. */
  readonly bytesServed: () => number;
  /** Method and path of every request. */
  readonly requests: string[];
  /** The most file-download responses that were in flight at once. */
  readonly peakFileResponses: () => number;
  faults: Faults;
  close(): Promise<void>;
}

const SLICE = 64 * 1024;

/**
 * A loopback HTTP proxy in front of a real server, for tests and benchmarks: it forwards every
 * request (rewriting Host so the server's host guard accepts it), counts the bytes of file
 * downloads it serves, and can throttle each connection, drop a connection mid-file, corrupt
 * a byte of the file, or answer 429 as a rate-limited hub does.
 */
export async function startFaultProxy(target: string, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const sockets = new Set<Socket>();
  let served = 0;
  let fileResponses = 0;
  let peakFileResponses = 0;
  const requests: string[] = [];
  const proxy: FaultProxy = {
    url: '',
    bytesServed: () => served,
    requests,
    peakFileResponses: () => peakFileResponses,
    faults: {},
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      agent.destroy();
    },
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    requests.push(`${req.method ?? 'GET'} ${req.url ?? '/'}`);
    const limited = proxy.faults.tooManyRequests;
    if (limited !== undefined && limited.times > 0) {
      limited.times -= 1;
      const body = JSON.stringify({ error: 'We had to rate limit you.' });
      res.writeHead(429, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...limited.headers });
      res.end(body);
      return;
    }
    const headers = { ...req.headers, host: upstream.host };
    const forward = httpRequest({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent }, (upstreamRes) => {
      res.writeHead(upstreamRes.statusCode ?? 502, proxy.faults.closeEachResponse ? { ...upstreamRes.headers, connection: 'close' } : upstreamRes.headers);
      const isFile = req.method === 'GET' && /\/resolve\//.test(req.url ?? '') && (upstreamRes.statusCode ?? 0) < 300;
      void pump(upstreamRes, res, req.socket, isFile, fileOffset(upstreamRes.headers['content-range']));
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  const lastWrite = new WeakMap<Socket, number>();
  async function pump(source: IncomingMessage, res: ServerResponse, socket: Socket, isFile: boolean, start: number): Promise<void> {
    let sent = 0;
    const faults = proxy.faults;
    let open = isFile;
    const ended = (): void => {
      if (open) fileResponses--;
      open = false;
    };
    if (isFile) {
      peakFileResponses = Math.max(peakFileResponses, ++fileResponses);
      // A client that hangs up ends the response now, not when this loop next tries to write.
      res.once('close', ended);
    }
    const cut = isFile && faults.cutAfterBytes !== undefined && (faults.times ?? 1) > 0;
    if (cut) faults.times = (faults.times ?? 1) - 1;
    try {
      for await (const chunk of source as AsyncIterable<Buffer>) {
        for (let at = 0; at < chunk.length; at += SLICE) {
          let piece = chunk.subarray(at, Math.min(chunk.length, at + SLICE));
          if (cut && sent + piece.length > (faults.cutAfterBytes ?? 0)) {
            const keep = (faults.cutAfterBytes ?? 0) - sent;
            if (keep > 0) await write(res, piece.subarray(0, keep));
            if (isFile) served += Math.max(0, keep);
            source.destroy();
            socket.destroy();
            return;
          }
          const corrupt = faults.corruptOffset;
          if (isFile && corrupt !== undefined && corrupt >= start + sent && corrupt < start + sent + piece.length) {
            piece = Buffer.from(piece);
            const index = corrupt - start - sent;
            piece[index] = (piece[index] ?? 0) ^ 0xff;
          }
          await throttle(socket, piece.length);
          await write(res, piece);
          sent += piece.length;
          if (isFile) served += piece.length;
        }
      }
      res.end();
    } catch {
      // The client went away: stop reading from the server too, so its response ends now.
      source.destroy();
      res.destroy();
    } finally {
      ended();
    }
  }

  async function throttle(socket: Socket, bytes: number): Promise<void> {
    const rate = options.bytesPerSecondPerConnection;
    if (rate === undefined) return;
    const now = performance.now();
    const due = Math.max(now, lastWrite.get(socket) ?? now) + (bytes * 1000) / rate;
    lastWrite.set(socket, due);
    if (due - now > 1) await sleep(due - now);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(proxy, { url: `http://127.0.0.1:${port}` });
  return proxy;
}

function fileOffset(contentRange: string | undefined): number {
  const match = /^bytes (\d+)-/.exec(contentRange ?? '');
  return match?.[1] ? Number(match[1]) : 0;
}

function write(res: ServerResponse, data: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    if (res.write(data)) {
      resolve();
      return;
    }
    const onDrain = (): void => {
      res.off('close', onClose);
      resolve();
    };
    const onClose = (): void => {
      res.off('drain', onDrain);
      reject(new Error('closed'));
    };
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}
