import { connect } from 'node:net';
import { request } from 'node:http';

/**
 * A request whose path is sent byte for byte. `http.request(url)` parses the URL first, which
 * resolves "." and ".." segments, so traversal attempts would never reach the server.
 */
export function rawPathRequest(base: string, path: string, method = 'GET'): Promise<{ status: number; header: (name: string) => string; text: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, method, agent: false, headers: { host: `${hostname}:${port}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        resolve({
          status: res.statusCode ?? 0,
          text: Buffer.concat(chunks).toString('utf8'),
          header: (name) => {
            const value = res.headers[name.toLowerCase()];
            return Array.isArray(value) ? value.join(', ') : (value ?? '');
          },
        });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

export interface RawResponse {
  readonly status: number;
  readonly header: (name: string) => string;
  readonly text: string;
}

/**
 * Sends bytes exactly as given on a new TCP connection and reads one response: for requests no
 * HTTP client will send (no Host header, malformed request lines, invalid UTF-8 in the target).
 */
export function rawSocketRequest(base: string, bytes: string | Buffer): Promise<RawResponse> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (force: boolean): void => {
      if (settled) return;
      const parsed = parseResponse(received, force);
      if (parsed === undefined) {
        if (force) {
          settled = true;
          reject(new Error(`no complete HTTP response; got ${JSON.stringify(received.toString('latin1').slice(0, 200))}`));
        }
        return;
      }
      settled = true;
      socket.destroy();
      resolve(parsed);
    };
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      finish(false);
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (error) => {
      if (!settled) finish(true);
      if (!settled) reject(error);
    });
    socket.write(bytes);
  });
}

/** One response from the bytes so far, once its head and its Content-Length of body arrived (or the peer closed). */
function parseResponse(bytes: Buffer, closed: boolean): RawResponse | undefined {
  const headEnd = bytes.indexOf('\r\n\r\n');
  if (headEnd === -1) return undefined;
  const { status, headers } = parseResponseHead(bytes.subarray(0, headEnd));
  if (status === undefined) return undefined;
  const body = bytes.subarray(headEnd + 4);
  const length = headers.get('content-length');
  if (length !== undefined && body.length < Number(length) && !closed) return undefined;
  if (length === undefined && !closed && headers.get('transfer-encoding') !== undefined) return undefined;
  return { status, header: (name) => headers.get(name.toLowerCase()) ?? '', text: body.toString('utf8') };
}

/** The status (undefined when the first line is no HTTP/1.x status line) and headers, by lower-case name, of a response head. */
export function parseResponseHead(head: Buffer): { status: number | undefined; headers: Map<string, string> } {
  const [statusLine = '', ...lines] = head.toString('latin1').split('\r\n');
  const match = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { status: match === undefined ? undefined : Number(match), headers };
}
