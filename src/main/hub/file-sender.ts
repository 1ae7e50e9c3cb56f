import type { ServerResponse } from 'node:http';
import type { FileHandle } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { FastifyReply } from 'fastify';
import { createNativeSender, type NativeSender } from './native-sendfile.js';

/**
 * Bytes per read. Large reads are what make Node fast here (64 KiB stream chunks run at about a
 * third of the speed); two reused buffers keep memory flat and spare the allocator and page
 * faults a fresh buffer per chunk would cost.
 */
export const SEND_CHUNK_BYTES = 4 * 1024 * 1024;

/** Smaller ranges go in one read and one write, cheaper than setting up a zero-copy transfer. */
const ZERO_COPY_MIN_BYTES = SEND_CHUNK_BYTES;
/** Bytes one turn of a zero-copy transfer sends at most before other requests get the event loop. */
const ZERO_COPY_TURN_BYTES = 8 * 1024 * 1024;

/**
 * Sends bytes `start..end` (inclusive) of an open file as the whole response body, with the
 * status and headers already set on `reply`: with sendfile(2) where the native binding is built
 * and the socket is plain TCP, else by reading chunks into memory and writing them (reading the
 * next chunk overlaps writing the last; a buffer is refilled only once the socket has taken
 * it). Closes the file in every case.
 */
export async function sendFileRange(reply: FastifyReply, handle: FileHandle, start: number, end: number): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  try {
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) res.setHeader(name, typeof value === 'number' ? String(value) : value);
    }
    res.writeHead(reply.statusCode);
    const sender = res.socket && end - start + 1 >= ZERO_COPY_MIN_BYTES ? createNativeSender(res.socket, handle.fd) : undefined;
    if (sender) await sendZeroCopy(sender, res, start, end);
    else await pump(handle, res, start, end);
    if (!res.destroyed) res.end();
  } catch (error) {
    reply.log.warn({ err: error }, 'file transfer stopped');
    res.destroy(error instanceof Error ? error : undefined);
  } finally {
    await handle.close();
  }
}

/**
 * Page cache to socket without a copy through memory, all on the event loop's thread as nginx
 * does: measured here at 1.1-1.2x nginx's throughput and less CPU than the copying pump (which
 * reached 0.86-0.92x). A full socket is waited for with a libuv poll, so a slow client costs no
 * thread.
 */
async function sendZeroCopy(sender: NativeSender, res: ServerResponse, start: number, end: number): Promise<void> {
  const closed = new Promise<void>((resolve) => res.once('close', resolve));
  try {
    res.flushHeaders();
    // The headers must be on the wire before body bytes bypass the socket's queue.
    await Promise.race([flushed(res.socket as Socket), closed]);
    for (let position = start; position <= end && !res.destroyed; ) {
      const result = sender.send(position, end - position + 1, ZERO_COPY_TURN_BYTES);
      position += result.sent;
      if (result.errno !== 0) throw new Error(`sending the file stopped at byte ${position} (errno ${result.errno})`);
      if (result.blocked) await Promise.race([writable(sender), closed]);
      else if (position <= end) await nextTurn();
    }
  } finally {
    sender.close();
  }
}

function flushed(socket: Socket): Promise<void> {
  return new Promise((resolve) => socket.write(Buffer.alloc(0), () => resolve()));
}

function writable(sender: NativeSender): Promise<void> {
  return new Promise((resolve, reject) => {
    sender.whenWritable((status) => (status < 0 ? reject(new Error(`waiting for the client failed (libuv status ${status})`)) : resolve()));
  });
}

async function pump(handle: FileHandle, res: ServerResponse, start: number, end: number): Promise<void> {
  const closed = new Promise<void>((resolve) => res.once('close', resolve));
  const size = Math.min(SEND_CHUNK_BYTES, end - start + 1);
  const buffers: readonly [Buffer, Buffer] = [takeBuffer(size), takeBuffer(size)];
  const inFlight: Array<Promise<void>> = [Promise.resolve(), Promise.resolve()];
  try {
    let position = start;
    for (let index: 0 | 1 = 0; position <= end; index = index === 0 ? 1 : 0) {
      // Wait until the socket is done with this buffer (or the client went away).
      await Promise.race([inFlight[index], closed]);
      if (res.destroyed) return;
      const buffer = buffers[index];
      const { bytesRead } = await handle.read(buffer, 0, Math.min(size, end - position + 1), position);
      if (bytesRead === 0) throw new Error(`stored file ended at ${position}, before byte ${end}`);
      position += bytesRead;
      inFlight[index] = write(res, buffer.subarray(0, bytesRead));
    }
    await Promise.race([Promise.all(inFlight), closed]);
  } finally {
    // A buffer the socket may still hold (the client went away mid-write) is left to the collector.
    void Promise.all(inFlight).then(() => buffers.forEach(giveBack));
  }
}

/**
 * Idle read buffers, reused across responses. A fresh pair per response cost more than the send
 * itself for ranged downloads (64 ranges per GB): V8 answers that much external memory with full
 * collections, about 30 ms of CPU per response.
 */
const idleBuffers: Buffer[] = [];
const IDLE_BUFFERS_KEPT = 8;

function takeBuffer(size: number): Buffer {
  if (size < SEND_CHUNK_BYTES) return Buffer.allocUnsafeSlow(size);
  return idleBuffers.pop() ?? Buffer.allocUnsafeSlow(SEND_CHUNK_BYTES);
}

function giveBack(buffer: Buffer): void {
  if (buffer.length === SEND_CHUNK_BYTES && idleBuffers.length < IDLE_BUFFERS_KEPT) idleBuffers.push(buffer);
}

/** Settles once the socket has taken the chunk; a failed write destroys the response, which the loop checks. */
function write(res: ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    res.write(chunk, () => resolve());
  });
}
