import type { Socket } from 'node:net';
import { connectSocket, parseHead, requestHead, type ParsedHead, type RawAgentOptions } from './raw-http.js';

export interface PipelinedGet {
  readonly url: URL;
  readonly headers: Readonly<Record<string, string>>;
}

export interface PipelineOptions extends RawAgentOptions {
  readonly connections: number;
  /** Requests sent ahead on one connection before its first answer arrives. */
  readonly depth: number;
  /** Larger bodies are not read: the request is left unanswered. */
  readonly maxBodyBytes: number;
  readonly signal?: AbortSignal;
}

/**
 * Receives each complete response: its index in the requests, head and whole body (memory of its
 * own, so it can move to another thread). A returned promise holds back further requests on that
 * connection until it settles (backpressure); a rejection stops everything and is thrown.
 */
export type PipelinedResponse = (index: number, head: ParsedHead, body: Buffer) => void | Promise<void>;

/**
 * GETs many small bodies from one origin over a few kept-alive connections, several requests in
 * flight on each (HTTP/1.1 pipelining): one write carries several requests and one read several
 * answers, where one exchange at a time costs a write, a read and a wake-up of each side per
 * file. For what HTTP/1.1 pipelining is known to break on (a server that answers one request and
 * closes, a framing other than Content-Length, a stall), it does not try to recover: the requests
 * left unanswered are returned, for the caller to fetch the usual way. Resolves with their indexes.
 */
export async function pipelinedGets(requests: readonly PipelinedGet[], options: PipelineOptions, onResponse: PipelinedResponse): Promise<number[]> {
  const first = requests[0];
  if (first === undefined) return [];
  const queue = requests.map((_, index) => index);
  const unanswered: number[] = [];
  let failure: { readonly error: unknown } | undefined;
  const sockets = new Set<Socket>();
  const stopAll = (error: unknown): void => {
    failure ??= { error };
    for (const socket of sockets) socket.destroy();
  };
  const onAbort = (): void => stopAll(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const count = Math.max(1, Math.min(options.connections, Math.ceil(requests.length / options.depth)));
    await Promise.all(
      Array.from({ length: count }, async () => {
        let socket: Socket;
        try {
          socket = await connectSocket(first.url, options, options.signal);
        } catch {
          return;
        }
        sockets.add(socket);
        if (failure) socket.destroy();
        const left = await runConnection(socket, requests, queue, options, onResponse, stopAll);
        sockets.delete(socket);
        unanswered.push(...left);
      }),
    );
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
  }
  if (failure) throw failure.error;
  // Requests no connection took (every connect failed) are unanswered too.
  return [...unanswered, ...queue].sort((a, b) => a - b);
}

/** Serves requests from the shared queue on one socket until the queue is empty or the socket fails; returns the ones it took but got no answer to. */
function runConnection(
  socket: Socket,
  requests: readonly PipelinedGet[],
  queue: number[],
  options: PipelineOptions,
  onResponse: PipelinedResponse,
  stopAll: (error: unknown) => void,
): Promise<number[]> {
  return new Promise((resolve) => {
    const inFlight: number[] = [];
    let pending: Buffer = Buffer.alloc(0);
    let head: ParsedHead | undefined;
    let body: Buffer | undefined;
    let received = 0;
    let held = 0;
    let closing = false;
    let finished = false;

    const finish = (): void => {
      if (finished) return;
      finished = true;
      socket.destroy();
      resolve(inFlight.splice(0));
    };
    const send = (): void => {
      if (closing || held > 0 || finished) return;
      let text = '';
      while (inFlight.length < options.depth && queue.length > 0) {
        const index = queue.shift() as number;
        const request = requests[index] as PipelinedGet;
        inFlight.push(index);
        text += requestHead('GET', request.url, request.headers);
      }
      if (text !== '') socket.write(text);
      else if (inFlight.length === 0) finish();
    };
    const deliver = (index: number, answered: ParsedHead, bytes: Buffer): void => {
      let result: void | Promise<void>;
      try {
        result = onResponse(index, answered, bytes);
      } catch (error) {
        stopAll(error);
        return;
      }
      if (result === undefined) return;
      held++;
      result.then(
        () => {
          held--;
          send();
        },
        (error: unknown) => stopAll(error),
      );
    };
    /** Consumes what the buffer holds; false when the connection must stop. */
    const consume = (): boolean => {
      for (;;) {
        if (head === undefined) {
          const end = pending.indexOf('\r\n\r\n');
          if (end < 0) return pending.length <= 64 * 1024;
          const parsed = parseHead(pending.subarray(0, end).toString('latin1'), '');
          pending = pending.subarray(end + 4);
          if (parsed.status >= 100 && parsed.status < 200) continue;
          const length = Number(parsed.header('content-length') ?? Number.NaN);
          if (!(length >= 0) || length > options.maxBodyBytes || /chunked/i.test(parsed.header('transfer-encoding') ?? '')) return false;
          head = parsed;
          body = Buffer.allocUnsafeSlow(length);
          received = 0;
        }
        const want = (body as Buffer).length - received;
        const take = Math.min(want, pending.length);
        pending.copy(body as Buffer, received, 0, take);
        received += take;
        pending = pending.subarray(take);
        if (received < (body as Buffer).length) return true;
        const index = inFlight.shift() as number;
        const answered = head;
        const bytes = body as Buffer;
        head = undefined;
        body = undefined;
        const url = (requests[index] as PipelinedGet).url.toString();
        deliver(index, { ...answered, url }, bytes);
        if (answered.version !== '1.1' || /close/i.test(answered.header('connection') ?? '')) {
          closing = true;
          return false;
        }
      }
    };

    socket.setTimeout(options.idleTimeoutMs, finish);
    socket.on('error', finish);
    socket.on('close', finish);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      let healthy: boolean;
      try {
        healthy = consume();
      } catch {
        healthy = false;
      }
      if (!healthy) finish();
      else send();
    });
    send();
  });
}
