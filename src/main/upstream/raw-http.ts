import { connect as netConnect, isIP, type OnReadOpts, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { BodySink, HeaderMap, ResponseHead } from './body-sink.js';
import { ChunkedDecoder } from './chunked-decoder.js';
import { header } from './hub-error.js';


export interface RawAgentOptions {
  /** Trusted CAs (PEM) instead of Node's defaults. */
  readonly ca?: string;
  readonly connectTimeoutMs: number;
  /** Longest silence while a response is being received. */
  readonly idleTimeoutMs: number;
  /** Kept-alive connections per origin. */
  readonly maxIdlePerOrigin: number;
}

export interface RawRequest {
  /** GET by default; a HEAD response has no body whatever its Content-Length says. */
  readonly method?: 'GET' | 'HEAD' | 'POST';
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
  /** Sent with its Content-Length (a POST's JSON or NDJSON body, whole in memory). */
  readonly body?: Uint8Array;
  readonly signal?: AbortSignal;
}

/** Receives a response's body into the sink it returns (undefined: discard). */
export type HeadHandler = (head: ResponseHead) => BodySink | undefined;

/** The connection's own read buffer: heads, error bodies, and reads while the sink has no room. */
const OWN_BUFFER = 64 * 1024;
const MAX_HEAD = 64 * 1024;
const IDLE_KEEP_MS = 30_000;
/**
 * A POST takes a kept-alive connection only if it has been idle this briefly: well under the
 * keep-alive timeouts of servers (Node's default is 5 s, Fastify's 72 s), so the server is not
 * closing it as the POST goes out. A POST is never sent twice (see `request`).
 */
const POST_REUSE_MS = 2_000;

/**
 * HTTP/1.1 GETs (and HEADs) for files over plain TCP or TLS sockets that read with `onread`
 * into fixed memory: the body goes straight into the sink's blocks when it offers them
 * (`reserve`), else into the connection's own 64 KiB buffer. No buffer is allocated per network
 * read, so a multi-GB download runs in constant memory (undici allocates per read and lets the
 * garbage pile up to ~80 MB before V8 collects it). Connections are kept alive per origin.
 * Responses may be Content-Length, chunked or close-delimited. Also POSTs of a body held in
 * memory (API calls, a small commit), so that a push need not load undici.
 */
export class RawHttpAgent {
  private readonly idle = new Map<string, RawConnection[]>();
  private closed = false;

  constructor(private readonly options: RawAgentOptions) {}

  /**
   * One request; resolves when the response's body has been delivered to the sink, or rejects.
   * A GET or HEAD on a kept-alive connection that fails before any response byte (the server
   * had closed it) is sent again on a fresh one. A POST never is: once its bytes may have
   * reached the server, a failure is thrown, since the server may have acted on it (a commit is
   * not idempotent). It only reuses a connection idle less than POST_REUSE_MS, so that this
   * stale keep-alive race stays rare.
   */
  async request(request: RawRequest, onHead: HeadHandler): Promise<void> {
    request.signal?.throwIfAborted();
    const origin = request.url.origin;
    const idempotent = request.method !== 'POST';
    for (;;) {
      const reused = this.takeIdle(origin, idempotent ? Number.POSITIVE_INFINITY : POST_REUSE_MS);
      const connection = reused ?? (await RawConnection.open(request.url, this.options, request.signal));
      try {
        await connection.exchange(request, onHead);
      } catch (error) {
        // A kept-alive connection the server had closed fails before any byte: try a fresh one.
        if (reused && idempotent && !connection.receivedAny && !request.signal?.aborted) continue;
        throw error;
      }
      if (connection.reusable && !this.closed) this.park(origin, connection);
      else connection.destroy();
      return;
    }
  }

  close(): void {
    this.closed = true;
    for (const list of this.idle.values()) for (const connection of list) connection.destroy();
    this.idle.clear();
  }

  /**
   * The most recently parked connection to the origin, if it has been idle less than `maxIdleMs`;
   * else none, and the pool stays as it was (its connections still serve GETs).
   */
  private takeIdle(origin: string, maxIdleMs: number): RawConnection | undefined {
    const list = this.idle.get(origin);
    const connection = list?.at(-1);
    if (connection === undefined || connection.idleMs() >= maxIdleMs) return undefined;
    list?.pop();
    return connection;
  }

  private park(origin: string, connection: RawConnection): void {
    const list = this.idle.get(origin) ?? [];
    if (list.length >= this.options.maxIdlePerOrigin) {
      connection.destroy();
      return;
    }
    list.push(connection);
    this.idle.set(origin, list);
    connection.parkUntilReused(() => {
      const at = list.indexOf(connection);
      if (at >= 0) list.splice(at, 1);
    });
  }
}

interface Exchange {
  readonly onHead: HeadHandler;
  readonly head: boolean;
  readonly url: string;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
  state: 'head' | 'body';
  headBuffer: Buffer | undefined;
  headLength: number;
  sink: BodySink | undefined;
  remaining: number;
  /** Decodes a chunked body; undefined for other framings. */
  chunks: ChunkedDecoder | undefined;
  keepAlive: boolean;
}

/** One socket and at most one exchange on it at a time. */
class RawConnection {
  reusable = false;
  receivedAny = false;
  private current: Exchange | undefined;
  private onIdleClose: (() => void) | undefined;
  private parkedAt = 0;

  private constructor(
    private readonly socket: Socket,
    private readonly options: RawAgentOptions,
    private readonly own: Buffer,
  ) {
    socket.on('error', (error) => this.fail(error));
    socket.on('end', () => this.ended());
    socket.on('close', () => this.ended());
    socket.on('timeout', () => socket.destroy(Object.assign(new Error('the hub stopped sending data'), { code: 'ETIMEDOUT' })));
  }

  static async open(url: URL, options: RawAgentOptions, signal: AbortSignal | undefined): Promise<RawConnection> {
    const own = Buffer.allocUnsafe(OWN_BUFFER);
    const holder: { connection?: RawConnection } = {};
    const onread = {
      buffer: (): Uint8Array => holder.connection?.nextBuffer() ?? own,
      callback: (nread: number, data: Uint8Array): boolean => holder.connection?.received(data, nread) ?? false,
    };
    const socket = await connectSocket(url, options, signal, onread);
    const connection = new RawConnection(socket, options, own);
    holder.connection = connection;
    return connection;
  }

  exchange(request: RawRequest, onHead: HeadHandler): Promise<void> {
    this.onIdleClose = undefined;
    this.reusable = false;
    this.receivedAny = false;
    this.socket.ref();
    this.socket.setTimeout(this.options.idleTimeoutMs);
    return new Promise<void>((resolve, reject) => {
      const onAbort = (): void => {
        this.socket.destroy(request.signal?.reason instanceof Error ? request.signal.reason : new DOMException('aborted', 'AbortError'));
      };
      request.signal?.addEventListener('abort', onAbort, { once: true });
      const done = (): void => request.signal?.removeEventListener('abort', onAbort);
      this.current = {
        onHead,
        head: request.method === 'HEAD',
        url: request.url.toString(),
        resolve: () => {
          done();
          resolve();
        },
        reject: (error) => {
          done();
          reject(reasonOf(request.signal, error));
        },
        state: 'head',
        headBuffer: undefined,
        headLength: 0,
        sink: undefined,
        remaining: 0,
        chunks: undefined,
        keepAlive: false,
      };
      const { body } = request;
      if (body === undefined) {
        this.socket.write(requestHead(request.method ?? 'GET', request.url, request.headers));
        return;
      }
      this.socket.cork();
      this.socket.write(requestHead(request.method ?? 'POST', request.url, { ...request.headers, 'content-length': String(body.byteLength) }));
      this.socket.write(body);
      this.socket.uncork();
    });
  }

  /** Milliseconds since the connection was parked idle. */
  idleMs(): number {
    return performance.now() - this.parkedAt;
  }

  /** Idle in the pool: unref'd, closed after a while, removed from the pool if the server closes it. */
  parkUntilReused(onClose: () => void): void {
    this.onIdleClose = onClose;
    this.parkedAt = performance.now();
    this.socket.setTimeout(IDLE_KEEP_MS);
    this.socket.unref();
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Where the next read goes: straight into the sink's memory once the body has started, if it has room. */
  nextBuffer(): Uint8Array {
    const exchange = this.current;
    if (exchange?.state !== 'body' || exchange.chunks !== undefined || !exchange.sink?.reserve) return this.own;
    const room = exchange.sink.reserve();
    if (room === undefined || room.length === 0) return this.own;
    return room.length > exchange.remaining ? room.subarray(0, exchange.remaining) : room;
  }

  private received(buffer: Uint8Array, bytes: number): boolean {
    this.receivedAny = true;
    const exchange = this.current;
    if (!exchange) {
      this.socket.destroy();
      return false;
    }
    try {
      if (buffer === this.own) return this.consume(exchange, this.own.subarray(0, bytes));
      return this.committed(exchange, bytes);
    } catch (error) {
      this.current = undefined;
      this.socket.destroy();
      exchange.reject(error);
      return false;
    }
  }

  /** Bytes the socket read straight into the sink's reserved memory. */
  private committed(exchange: Exchange, bytes: number): boolean {
    const sink = exchange.sink as BodySink & { commit(bytes: number): boolean };
    exchange.remaining -= bytes;
    const more = sink.commit(bytes);
    return this.afterBody(exchange, more);
  }

  private consume(exchange: Exchange, data: Buffer): boolean {
    let body = data;
    if (exchange.state === 'head') {
      const rest = this.readHead(exchange, data);
      if (rest === undefined) return true;
      body = rest;
      if (exchange.remaining === 0) {
        this.complete(exchange);
        return true;
      }
    }
    if (body.length === 0) return true;
    if (exchange.chunks !== undefined) return this.dechunk(exchange, exchange.chunks, body);
    if (body.length > exchange.remaining) throw new Error('the server sent more bytes than its Content-Length');
    exchange.remaining -= body.length;
    return this.afterBody(exchange, exchange.sink ? exchange.sink.write(body) : true);
  }

  /** Hands the data of a chunked body's bytes to the sink; completes the exchange after the last chunk. */
  private dechunk(exchange: Exchange, chunks: ChunkedDecoder, bytes: Buffer): boolean {
    let more = true;
    const rest = chunks.feed(bytes, (data) => {
      if (exchange.sink && !exchange.sink.write(data)) more = false;
    });
    if (!chunks.done) return this.afterBody(exchange, more);
    // Bytes after the last chunk would be a response nobody asked for: the connection is not reused.
    if (rest > 0) exchange.keepAlive = false;
    this.complete(exchange);
    return true;
  }

  /** Completes the exchange when the body is all there, or pauses the socket until the sink drains. */
  private afterBody(exchange: Exchange, more: boolean): boolean {
    if (exchange.remaining === 0) {
      this.complete(exchange);
      return true;
    }
    if (more) return true;
    this.socket.setTimeout(0);
    void (exchange.sink as BodySink).drained().then(
      () => {
        if (this.current !== exchange) return;
        this.socket.setTimeout(this.options.idleTimeoutMs);
        this.socket.resume();
      },
      (error: unknown) => this.fail(error),
    );
    return false;
  }

  /**
   * Gathers the head (usually all in the first read); once complete, parses it and returns the
   * body bytes that came with it, as a view that is only valid until this read returns.
   */
  private readHead(exchange: Exchange, data: Buffer): Buffer | undefined {
    let buffered = data;
    let whole = false;
    if (exchange.headLength > 0) {
      buffered = this.keepHead(exchange, data);
      whole = true;
    }
    for (;;) {
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) {
        if (!whole) {
          const partial = Buffer.from(buffered);
          exchange.headLength = 0;
          this.keepHead(exchange, partial);
        }
        return undefined;
      }
      const head = parseHead(buffered.subarray(0, end).toString('latin1'), exchange.url);
      const rest = buffered.subarray(end + 4);
      if (head.status >= 100 && head.status < 200) {
        buffered = rest;
        whole = false;
        continue;
      }
      const length = head.header('content-length');
      const noBody = exchange.head || head.status === 204 || head.status === 304;
      const chunked = !noBody && /chunked/i.test(head.header('transfer-encoding') ?? '');
      exchange.remaining = noBody ? 0 : length === undefined || chunked ? Number.POSITIVE_INFINITY : Number(length);
      if (!(exchange.remaining >= 0)) throw new Error(`invalid Content-Length "${length ?? ''}"`);
      if (chunked) exchange.chunks = new ChunkedDecoder();
      exchange.keepAlive = head.version === '1.1' && !/close/i.test(head.header('connection') ?? '') && (exchange.head || chunked || Number.isFinite(exchange.remaining));
      exchange.state = 'body';
      exchange.sink = exchange.onHead(head);
      return rest;
    }
  }

  /** Appends to the head kept across reads; returns everything kept so far. */
  private keepHead(exchange: Exchange, data: Buffer): Buffer {
    const needed = exchange.headLength + data.length;
    if (needed > MAX_HEAD) throw new Error('the response headers are too large');
    exchange.headBuffer ??= Buffer.allocUnsafe(MAX_HEAD);
    data.copy(exchange.headBuffer, exchange.headLength);
    exchange.headLength = needed;
    return exchange.headBuffer.subarray(0, needed);
  }

  private complete(exchange: Exchange): void {
    this.current = undefined;
    this.reusable = exchange.keepAlive;
    exchange.resolve();
  }

  private ended(): void {
    const exchange = this.current;
    this.reusable = false;
    this.onIdleClose?.();
    this.onIdleClose = undefined;
    if (!exchange) return;
    this.current = undefined;
    if (exchange.state === 'body' && exchange.remaining === Number.POSITIVE_INFINITY && exchange.chunks === undefined) exchange.resolve();
    else exchange.reject(Object.assign(new Error('the connection closed before the response was complete'), { code: 'ECONNRESET' }));
  }

  private fail(error: unknown): void {
    const exchange = this.current;
    this.current = undefined;
    this.reusable = false;
    this.socket.destroy();
    exchange?.reject(error);
  }
}

/**
 * A connected TCP or TLS socket to the URL's origin (TLS offering only HTTP/1.1), with no-delay
 * set; `onread` makes it read into the caller's memory. Fails on timeout, close or abort.
 */
export function connectSocket(url: URL, options: RawAgentOptions, signal: AbortSignal | undefined, onread?: OnReadOpts): Promise<Socket> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const secure = url.protocol === 'https:';
  const port = Number(url.port) || (secure ? 443 : 80);
  // Node honours `onread` on TLS sockets too; @types/node only declares it for net sockets.
  const tlsOptions: ConnectionOptions & { onread?: OnReadOpts } = {
    host,
    port,
    ...(isIP(host) ? {} : { servername: host }),
    ALPNProtocols: ['http/1.1'],
    ...(options.ca ? { ca: options.ca } : {}),
    ...(onread ? { onread } : {}),
  };
  const socket = secure ? tlsConnect(tlsOptions) : netConnect({ host, port, ...(onread ? { onread } : {}) });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => socket.destroy(Object.assign(new Error(`could not connect to ${url.host} in time`), { code: 'ETIMEDOUT' })), options.connectTimeoutMs);
    const onAbort = (): void => {
      socket.destroy();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (error?: Error): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (error) reject(reasonOf(signal, error));
      else resolve(socket);
    };
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      socket.off('error', settle);
      socket.off('close', onClose);
      socket.setNoDelay(true);
      settle();
    });
    const onClose = (): void => settle(Object.assign(new Error(`connection to ${url.host} closed`), { code: 'ECONNRESET' }));
    socket.once('error', settle);
    socket.once('close', onClose);
  });
}

/** An HTTP/1.1 request head (a body's Content-Length is among the headers). */
export function requestHead(method: string, url: URL, headers: Readonly<Record<string, string>>): string {
  let head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\nhost: ${url.host}\r\n`;
  for (const name in headers) head += `${name}: ${headers[name] as string}\r\n`;
  return `${head}\r\n`;
}

/** The abort reason when the caller aborted (as an Error), else the failure itself. */
function reasonOf(signal: AbortSignal | undefined, error: unknown): Error {
  if (signal?.aborted) return signal.reason instanceof Error ? signal.reason : new DOMException('This operation was aborted', 'AbortError');
  return error instanceof Error ? error : new Error(String(error));
}

export interface ParsedHead extends ResponseHead {
  readonly version: string;
}

export function parseHead(text: string, url: string): ParsedHead {
  const [statusLine = '', ...lines] = text.split('\r\n');
  const match = /^HTTP\/(\d\.\d) (\d{3})/.exec(statusLine);
  if (!match?.[1] || !match[2]) throw new Error(`not an HTTP response: ${JSON.stringify(statusLine.slice(0, 40))}`);
  const headers: Record<string, string | string[]> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const existing = headers[name];
    if (existing === undefined) headers[name] = value;
    else if (name === 'set-cookie') headers[name] = Array.isArray(existing) ? [...existing, value] : [existing, value];
    else headers[name] = `${Array.isArray(existing) ? existing.join(', ') : existing}, ${value}`;
  }
  const map: HeaderMap = headers;
  return { version: match[1], status: Number(match[2]), headers: map, url, header: (name) => header(map, name.toLowerCase()) };
}
