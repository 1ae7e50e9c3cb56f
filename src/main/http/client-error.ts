import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ErrorCode } from '../../shared/errors.js';

interface Refusal {
  readonly status: number;
  readonly reason: string;
  readonly code: ErrorCode;
  readonly message: string;
}

function refusalFor(code: unknown): Refusal {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return { status: 408, reason: 'Request Timeout', code: 'BadRequest', message: 'The request did not arrive in time' };
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return { status: 431, reason: 'Request Header Fields Too Large', code: 'BadRequest', message: 'The request headers are too large' };
  }
  if (code === 'HPE_INVALID_URL') {
    return { status: 400, reason: 'Bad Request', code: 'BadRequest', message: 'The request URL is not valid: percent-encode spaces, control and non-ASCII characters (as UTF-8)' };
  }
  return { status: 400, reason: 'Bad Request', code: 'BadRequest', message: 'The request is not valid HTTP/1.1' };
}

/**
 * Requests Node's parser refuses before Fastify sees them (malformed request lines or headers,
 * oversized headers, timeouts) get our error format too: JSON with `X-Error-Code`, then the
 * connection closes, since the parser cannot find where the next request would start.
 */
export function answerClientError(error: Error & { code?: unknown }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  refuseOnSocket(socket, refusalFor(error.code));
}

/** CONNECT (a proxy tunnel) is not served here; without this Node would drop the connection silently. */
export function answerConnect(_request: IncomingMessage, socket: Duplex): void {
  refuseOnSocket(socket, { status: 405, reason: 'Method Not Allowed', code: 'BadRequest', message: 'CONNECT is not supported: this is not a proxy' });
}

function refuseOnSocket(socket: Duplex, refusal: Refusal): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const body = JSON.stringify({ error: refusal.message });
  socket.end(
    `HTTP/1.1 ${refusal.status} ${refusal.reason}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `X-Error-Code: ${refusal.code}\r\nX-Error-Message: ${refusal.message}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** An `Expect` header other than 100-continue: Node would answer a bare 417; ours carries the error format. */
export function answerUnmetExpectation(request: IncomingMessage, response: ServerResponse): void {
  const message = `Unsupported Expect header "${String(request.headers.expect ?? '').slice(0, 100)}"; only 100-continue is supported`;
  const body = JSON.stringify({ error: message });
  response.writeHead(417, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'x-error-code': 'BadRequest',
    'x-error-message': message.replace(/[^\x20-\x7e]/g, '?'),
    connection: 'close',
  });
  response.end(body);
}
