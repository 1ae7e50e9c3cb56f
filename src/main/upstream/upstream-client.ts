import { setTimeout as sleep } from 'node:timers/promises';
import type { Readable } from 'node:stream';
import { rootCertificates } from 'node:tls';
import type { Dispatcher, request as undiciRequest } from 'undici';
import { AppError } from '../../shared/errors.js';
import { CollectingSink, type BodySink, type ResponseHead } from './body-sink.js';
import { createDispatcher, type ProxySettings } from './create-dispatcher.js';
import { describeUrl, header, hubError } from './hub-error.js';
import { PacedSink } from './paced-sink.js';
import { proxyApplies } from './proxy-match.js';
import { pipelinedGets, type PipelinedResponse } from './pipelined-gets.js';
import { RawHttpAgent, type RawAgentOptions } from './raw-http.js';
import { DEFAULT_RETRY_POLICY, isRetryableError, isRetryableStatus, overlongWaitError, retryDelayMs, serverWaitMs, type RetryPolicy } from './retry-policy.js';
import { TokenBucket } from './token-bucket.js';

export type { ProxySettings } from './create-dispatcher.js';

export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

export interface UpstreamClientOptions {
  readonly userAgent?: string;
  readonly proxy?: ProxySettings;
  /** Extra trusted CAs (PEM text), trusted besides Node's built-in roots. */
  readonly ca?: string;
  /** Kept-alive connections per origin (default 16). */
  readonly connectionsPerOrigin?: number;
  /** Default 10 s. */
  readonly connectTimeoutMs?: number;
  /** Wait for response headers (HF_HUB_ETAG_TIMEOUT in Python; default 10 s). */
  readonly headersTimeoutMs?: number;
  /** Longest silence between body bytes (HF_HUB_DOWNLOAD_TIMEOUT; default 10 s). */
  readonly bodyTimeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Bandwidth limit over all transfers of this client, in bytes per second. */
  readonly bytesPerSecond?: number;
  /** A ready dispatcher instead of the built-in pools (tests, custom transports); file bodies then go through it too. */
  readonly dispatcher?: Dispatcher;
  /** Receive file bodies on sockets that read into fixed buffers (default: yes, where no proxy applies). */
  readonly fixedBufferSockets?: boolean;
}

export interface DownloadRequest {
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent to the URL's origin only: dropped when a redirect changes scheme, host or port. */
  readonly token?: string;
  readonly signal?: AbortSignal;
}

export interface ManyDownloadsRequest {
  /** Sent as `Authorization: Bearer` (every URL is on one host). */
  readonly token?: string;
  readonly signal?: AbortSignal;
  /** Connections opened for the batch. */
  readonly connections: number;
  /** Requests in flight on each connection. */
  readonly depth: number;
  /** A larger response is left unanswered. */
  readonly maxBodyBytes: number;
}

export type RedirectMode =
  /** Return a 3xx response as it is. */
  | 'none'
  /**
   * Follow only redirects whose Location has no host, keeping the original URL's query and
   * taking only the Location's path, exactly as Python's HEAD does for renamed repos.
   */
  | 'relative'
  /** Follow every redirect (GET of a file that lives on a CDN). */
  | 'all';

export interface UpstreamRequest {
  readonly method?: 'GET' | 'HEAD' | 'POST' | 'PUT';
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * A stream or async iterable is sent as it is read (uploads); such a request is never retried, the
   * body being spent. An iterable's chunks go straight to the socket: undici asks for the next one
   * only once the socket has taken the previous one (it waits for 'drain'), so a producer may reuse
   * the buffer of a chunk once the next is asked for.
   */
  readonly body?: string | Uint8Array | Readable | AsyncIterable<Uint8Array>;
  /** Sent as `Authorization: Bearer` to the request's origin only: dropped when a redirect changes scheme, host or port. */
  readonly token?: string;
  readonly redirects?: RedirectMode;
  /** Retry transient failures (default: yes for GET and HEAD). */
  readonly retry?: boolean;
  /** Statuses handed back instead of thrown (2xx, and 3xx/304 when not followed, always are). */
  readonly acceptStatus?: readonly number[];
  readonly headersTimeoutMs?: number;
  readonly signal?: AbortSignal;
  /**
   * The caller reads the whole body (a JSON document): it is received in memory, over the
   * fixed-buffer sockets where they can carry the request, so API calls need not load undici.
   * A POST whose body is a string or bytes always is.
   */
  readonly wholeBody?: boolean;
}

export interface UpstreamResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  /** The URL that answered, after followed redirects. */
  readonly url: string;
  /** Whether a redirect was followed to get here. */
  readonly redirected: boolean;
  header(name: string): string | undefined;
  /** The body as a stream of chunks, paced by the bandwidth limit. */
  body(signal?: AbortSignal): AsyncIterable<Buffer>;
  text(): Promise<string>;
  json(): Promise<unknown>;
  /** Discards the body so the connection returns to the pool. */
  dump(): Promise<void>;
}

const MAX_REDIRECTS = 10;
const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * The one HTTP client for remote hubs (the only user of undici): kept-alive pools per origin,
 * Bearer auth that never leaves the origin it was meant for (an https-to-http redirect on the same
 * host drops it too), Python's redirect rules, retries with
 * backoff that honour Retry-After and rate-limit headers, proxies, a custom CA, timeouts, an
 * optional bandwidth limit, and AbortSignal on every call.
 */
export class UpstreamClient {
  /** Built on first use: importing undici costs ~20 MB, and a plain file download never needs it. */
  private dispatcher: Promise<Dispatcher> | undefined;
  private readonly makeDispatcher: () => Promise<Dispatcher>;
  private readonly ownsDispatcher: boolean;
  private readonly retryPolicy: RetryPolicy;
  private readonly bucket: TokenBucket | undefined;
  private readonly userAgent: string;
  private readonly raw: RawHttpAgent | undefined;
  private readonly rawOptions: RawAgentOptions;
  private readonly proxy: ProxySettings | undefined;

  constructor(options: UpstreamClientOptions = {}) {
    // A `ca` option replaces the default roots in TLS, so the built-in ones go along with the extra ones.
    const ca = options.ca === undefined ? undefined : [...rootCertificates, options.ca].join('\n');
    this.ownsDispatcher = options.dispatcher === undefined;
    const given = options.dispatcher;
    this.makeDispatcher =
      given !== undefined
        ? () => Promise.resolve(given)
        : () =>
            createDispatcher({
              ...(options.proxy ? { proxy: options.proxy } : {}),
              ...(ca === undefined ? {} : { ca }),
              connectionsPerOrigin: options.connectionsPerOrigin ?? 16,
              connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
              headersTimeoutMs: options.headersTimeoutMs ?? 10_000,
              bodyTimeoutMs: options.bodyTimeoutMs ?? 10_000,
            });
    this.retryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.bucket = options.bytesPerSecond === undefined ? undefined : new TokenBucket(options.bytesPerSecond);
    this.userAgent = options.userAgent ?? 'hubkeeper';
    this.proxy = options.proxy;
    this.rawOptions = {
      ...(ca === undefined ? {} : { ca }),
      connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
      idleTimeoutMs: options.bodyTimeoutMs ?? 10_000,
      maxIdlePerOrigin: options.connectionsPerOrigin ?? 16,
    };
    this.raw = options.dispatcher === undefined && options.fixedBufferSockets !== false ? new RawHttpAgent(this.rawOptions) : undefined;
  }

  /**
   * GETs many small files of one origin at once, pipelined (see pipelined-gets.ts), and hands
   * each complete response, whatever its status, to `onResponse`. No redirects, retries or
   * bandwidth limit here: the indexes of the URLs this fast way did not answer are returned, all
   * of them where it does not apply (a proxy, a bandwidth limit, a custom dispatcher), for `download`.
   */
  async downloadMany(urls: readonly string[], options: ManyDownloadsRequest, onResponse: PipelinedResponse): Promise<number[]> {
    const parsed = urls.map((url) => new URL(url));
    const origin = parsed[0]?.origin;
    if (origin === undefined || this.bucket || !parsed.every((url) => url.origin === origin && this.rawCarries(url))) return urls.map((_, index) => index);
    const headers: Record<string, string> = { 'user-agent': this.userAgent, 'accept-encoding': 'identity' };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    const { token: _token, ...pipeline } = options;
    return pipelinedGets(
      parsed.map((url) => ({ url, headers })),
      { ...this.rawOptions, ...pipeline },
      onResponse,
    );
  }

  /**
   * GETs a file: follows redirects (the token never leaves the first origin), retries failures that
   * happen before the body starts (backoff, Retry-After, rate limits), and streams the body of
   * the final 2xx into the sink `onResponse` returns, honouring its backpressure and the
   * bandwidth limit. A failure once body bytes have been delivered is thrown, not retried: the
   * caller knows how many bytes it has and resumes with a Range.
   */
  async download(url: string, options: DownloadRequest, onResponse: (head: ResponseHead) => BodySink): Promise<void> {
    const origin = new URL(url).origin;
    let current = url;
    for (let hops = 0; ; hops++) {
      const headers: Record<string, string> = { 'user-agent': this.userAgent, 'accept-encoding': 'identity', ...options.headers };
      if (options.token !== undefined && new URL(current).origin === origin) headers.authorization = `Bearer ${options.token}`;
      const redirect = await this.downloadHop(current, headers, options.signal, onResponse);
      if (redirect === undefined) return;
      if (hops >= MAX_REDIRECTS) throw new AppError('UpstreamUnavailable', `Too many redirects from ${describeUrl(url)}`);
      current = redirect;
    }
  }

  /** Sends a request, following redirects per `redirects`, retrying transient failures; throws AppError on HTTP errors. */
  async request(url: string, options: UpstreamRequest = {}): Promise<UpstreamResponse> {
    const method = options.method ?? 'GET';
    const retry = typeof options.body === 'object' && !(options.body instanceof Uint8Array) ? false : (options.retry ?? (method === 'GET' || method === 'HEAD'));
    const origin = new URL(url).origin;
    let current = url;
    let redirected = false;
    for (let hops = 0; ; hops++) {
      const sendToken = options.token !== undefined && new URL(current).origin === origin;
      const response = await this.send(current, method, options, sendToken ? options.token : undefined, retry);
      const location = response.header('location');
      const mode = options.redirects ?? 'none';
      const isRedirect = response.status >= 300 && response.status < 400 && response.status !== 304 && location !== undefined;
      if (!isRedirect || mode === 'none') return this.checked(redirected ? { ...response, redirected } : response, options);
      const next = followTarget(current, location, mode);
      if (next === undefined) return redirected ? { ...response, redirected } : response;
      if (hops >= MAX_REDIRECTS) {
        await response.dump();
        throw new AppError('UpstreamUnavailable', `Too many redirects from ${describeUrl(url)}`);
      }
      await response.dump();
      current = next;
      redirected = true;
    }
  }

  /** Closes the pools; in-flight requests finish first. */
  async close(): Promise<void> {
    this.raw?.close();
    if (this.ownsDispatcher && this.dispatcher !== undefined) await (await this.dispatcher).close();
  }

  private async undici(): Promise<{ request: typeof undiciRequest; dispatcher: Dispatcher }> {
    const [{ request }, dispatcher] = await Promise.all([import('undici'), (this.dispatcher ??= this.makeDispatcher())]);
    return { request, dispatcher };
  }

  /** One URL of a download, with retries before the body starts; returns where a redirect points. */
  private async downloadHop(
    url: string,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
    onResponse: (head: ResponseHead) => BodySink,
  ): Promise<string | undefined> {
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      let redirect: string | undefined;
      let failed: { head: ResponseHead; body: CollectingSink } | undefined;
      let started = false;
      try {
        await this.getOnce(url, headers, signal, (head) => {
          const location = head.header('location');
          if (head.status >= 300 && head.status < 400 && location !== undefined) {
            redirect = new URL(location, url).toString();
            return undefined;
          }
          if (head.status >= 300) {
            failed = { head, body: new CollectingSink() };
            return failed.body;
          }
          started = true;
          const sink = onResponse(head);
          return this.bucket ? new PacedSink(sink, this.bucket, signal) : sink;
        });
      } catch (error) {
        if (started || attempt >= this.retryPolicy.retries || !isRetryableError(error)) throw networkError(error, url);
        await sleep(retryDelayMs(this.retryPolicy, attempt, undefined), undefined, signalOption(signal));
        continue;
      }
      if (failed === undefined) return redirect;
      const { head, body } = failed;
      const serverWait = serverWaitMs(head.headers);
      if (isRetryableStatus(head.status)) {
        const overlong = overlongWaitError(this.retryPolicy, serverWait, url);
        if (overlong !== undefined) throw overlong;
      }
      if (attempt < this.retryPolicy.retries && isRetryableStatus(head.status)) {
        await sleep(retryDelayMs(this.retryPolicy, attempt, serverWait), undefined, signalOption(signal));
        continue;
      }
      throw hubError(head.status, head.headers, body.text(), url);
    }
  }

  /** Whether the fixed-buffer sockets carry requests to this URL (http(s), no proxy in the way). */
  private rawCarries(url: URL): boolean {
    return this.raw !== undefined && (url.protocol === 'http:' || url.protocol === 'https:') && !proxyApplies(url, this.proxy);
  }

  /** One GET on the fixed-buffer sockets when they can carry it, else through undici. */
  private async getOnce(url: string, headers: Record<string, string>, signal: AbortSignal | undefined, onHead: (head: ResponseHead) => BodySink | undefined): Promise<void> {
    const parsed = new URL(url);
    if (this.rawCarries(parsed)) {
      await (this.raw as RawHttpAgent).request({ url: parsed, headers, ...(signal === undefined ? {} : { signal }) }, onHead);
      return;
    }
    const { request, dispatcher } = await this.undici();
    const result = await request(url, { dispatcher, method: 'GET', headers, signal: signal ?? null, highWaterMark: 1024 * 1024 });
    const response = wrapResponse(result, url, undefined);
    const sink = onHead(response);
    if (sink === undefined) {
      await response.dump();
      return;
    }
    for await (const chunk of result.body as AsyncIterable<Buffer>) {
      if (!sink.write(chunk)) await sink.drained();
    }
  }

  private async send(url: string, method: Dispatcher.HttpMethod, options: UpstreamRequest, token: string | undefined, retry: boolean): Promise<UpstreamResponse> {
    const headers: Record<string, string> = { 'user-agent': this.userAgent, ...options.headers };
    if (token !== undefined) headers.authorization = `Bearer ${token}`;
    for (let attempt = 0; ; attempt++) {
      options.signal?.throwIfAborted();
      let response: UpstreamResponse;
      try {
        response = await this.sendOnce(url, method, headers, options);
      } catch (error) {
        if (!retry || attempt >= this.retryPolicy.retries || !isRetryableError(error)) throw networkError(error, url);
        await sleep(retryDelayMs(this.retryPolicy, attempt, undefined), undefined, signalOption(options.signal));
        continue;
      }
      if (!retry || !isRetryableStatus(response.status)) return response;
      const serverWait = serverWaitMs(response.headers);
      const overlong = overlongWaitError(this.retryPolicy, serverWait, url);
      if (overlong !== undefined) {
        await response.dump();
        throw overlong;
      }
      if (attempt >= this.retryPolicy.retries) return response;
      const wait = retryDelayMs(this.retryPolicy, attempt, serverWait);
      await response.dump();
      await sleep(wait, undefined, signalOption(options.signal));
    }
  }

  private async sendOnce(url: string, method: Dispatcher.HttpMethod, headers: Record<string, string>, options: UpstreamRequest): Promise<UpstreamResponse> {
    const parsed = new URL(url);
    if (method === 'HEAD' && this.rawCarries(parsed)) {
      // File metadata too, so that a file download never wakes undici (its WASM parser costs ~35 MB while V8 compiles it).
      let answer: ResponseHead | undefined;
      await (this.raw as RawHttpAgent).request({ method: 'HEAD', url: parsed, headers, ...(options.signal === undefined ? {} : { signal: options.signal }) }, (head) => {
        answer = head;
        return undefined;
      });
      return headOnlyResponse(answer as ResponseHead);
    }
    const inMemoryPost = method === 'POST' && (typeof options.body === 'string' || options.body instanceof Uint8Array);
    if (((method === 'GET' && options.wholeBody && options.body === undefined) || inMemoryPost) && this.rawCarries(parsed)) {
      const sink = new CollectingSink(Number.POSITIVE_INFINITY);
      let answer: ResponseHead | undefined;
      const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
      await (this.raw as RawHttpAgent).request(
        { method: inMemoryPost ? 'POST' : 'GET', url: parsed, headers, ...(body === undefined ? {} : { body }), ...(options.signal === undefined ? {} : { signal: options.signal }) },
        (head) => {
          answer = head;
          return sink;
        },
      );
      return bufferedResponse(answer as ResponseHead, sink.bytes());
    }
    const { request, dispatcher } = await this.undici();
    const result = await request(url, {
      dispatcher,
      method,
      headers,
      // undici sends any async iterable as it is read (its types name Readable only).
      ...(options.body === undefined ? {} : { body: options.body as string | Uint8Array | Readable }),
      ...(options.headersTimeoutMs === undefined ? {} : { headersTimeout: options.headersTimeoutMs }),
      signal: options.signal ?? null,
      highWaterMark: 1024 * 1024,
    });
    return wrapResponse(result, url, this.bucket);
  }

  private async checked(response: UpstreamResponse, options: UpstreamRequest): Promise<UpstreamResponse> {
    const { status } = response;
    if (status < 400 || options.acceptStatus?.includes(status)) return response;
    let text = '';
    try {
      text = await readLimited(response.body(), ERROR_BODY_LIMIT);
    } catch {
      // The error status is what matters.
    }
    throw hubError(status, response.headers, text, response.url);
  }
}

/** Where a redirect leads under a mode, or undefined to hand the 3xx back. */
function followTarget(current: string, location: string, mode: RedirectMode): string | undefined {
  const hasHost = /^[a-z][a-z0-9+.-]*:/i.test(location) || location.startsWith('//');
  if (mode === 'all') return new URL(location, current).toString();
  if (hasHost) return undefined;
  const base = new URL(current);
  const target = new URL(location, base);
  base.pathname = target.pathname;
  return base.toString();
}

function wrapResponse(result: Dispatcher.ResponseData, url: string, bucket: TokenBucket | undefined): UpstreamResponse {
  const headers = result.headers as ResponseHeaders;
  const body = result.body;
  return {
    status: result.statusCode,
    headers,
    url,
    redirected: false,
    header: (name) => header(headers, name.toLowerCase()),
    body: (signal) => paced(body, bucket, signal),
    text: () => body.text(),
    json: () => body.json(),
    dump: async () => {
      await body.dump().catch(() => undefined);
    },
  };
}

function bufferedResponse(head: ResponseHead, body: Buffer): UpstreamResponse {
  return {
    status: head.status,
    headers: head.headers,
    url: head.url,
    redirected: false,
    header: (name) => head.header(name),
    body: () => once(body),
    text: () => Promise.resolve(body.toString('utf8')),
    json: () => Promise.resolve().then((): unknown => JSON.parse(body.toString('utf8'))),
    dump: () => Promise.resolve(),
  };
}

async function* once(body: Buffer): AsyncGenerator<Buffer> {
  await Promise.resolve();
  yield body;
}

function headOnlyResponse(head: ResponseHead): UpstreamResponse {
  return bufferedResponse(head, Buffer.alloc(0));
}

async function* paced(body: AsyncIterable<Buffer>, bucket: TokenBucket | undefined, signal?: AbortSignal): AsyncGenerator<Buffer> {
  for await (const chunk of body) {
    if (bucket) await bucket.take(chunk.length, signal);
    yield chunk;
  }
}

async function readLimited(body: AsyncIterable<Buffer>, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size < limit) chunks.push(chunk);
    size += chunk.length;
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

function networkError(error: unknown, url: string): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof Error && error.name === 'AbortError') return error;
  if (isRetryableError(error) || (error instanceof Error && /^UND_ERR/.test(String((error as NodeJS.ErrnoException).code)))) {
    const reason = error instanceof Error ? error.message : String(error);
    return new AppError('UpstreamUnavailable', `Could not reach ${describeUrl(url)}: ${reason}`, { url: describeUrl(url) }, { cause: error });
  }
  return error;
}

function signalOption(signal: AbortSignal | undefined): { signal: AbortSignal } | undefined {
  return signal ? { signal } : undefined;
}
