import { request as httpRequestRaw, type IncomingHttpHeaders } from 'node:http';

export interface HttpRequestOptions {
  readonly method?: string;
  /** Sent as given, including `host` (which fetch does not let a test set). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Buffer;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
  readonly text: string;
  /** The body parsed as JSON; throws when it is not JSON. */
  json(): unknown;
  /** A response header as one string ('' when absent). */
  header(name: string): string;
}

/** One HTTP/1.1 request with full control over the headers; no redirects are followed. */
export function httpRequest(url: string, options: HttpRequestOptions = {}): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    const method = (options.method ?? 'GET').toUpperCase();
    const framed = Object.keys(headers).some((name) => ['content-length', 'transfer-encoding'].includes(name.toLowerCase()));
    // Node frames POST/PUT bodies as chunked by itself, but sends a DELETE (or GET) body with no framing at all.
    if (options.body !== undefined && !framed && !['POST', 'PUT', 'PATCH'].includes(method)) {
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    const req = httpRequestRaw(url, { method: options.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        const text = body.toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          text,
          json: () => JSON.parse(text) as unknown,
          header: (name) => {
            const value = res.headers[name.toLowerCase()];
            return Array.isArray(value) ? value.join(', ') : (value ?? '');
          },
        });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export function bearer(token: string): Record<string, string> {
  return { authorization: `Bearer ${token}` };
}
