import type { ServerResponse } from 'node:http';
import type { FileHandle } from 'node:fs/promises';
import type { FastifyReply } from 'fastify';

/**
 * Bytes per read. Large reads are what make Node fast here (64 KiB stream chunks run at about a
 * third of the speed); two reused buffers keep memory flat and spare the allocator and page
 * faults a fresh buffer per chunk would cost.
 */
export const SEND_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Sends bytes `start..end` (inclusive) of an open file as the whole response body, with the
 * status and headers already set on `reply`. Reading the next chunk overlaps writing the last
 * one; a buffer is refilled only once the socket has taken it. Closes the file in every case.
 */
export async function sendFileRange(reply: FastifyReply, handle: FileHandle, start: number, end: number): Promise<void> {
  reply.hijack();
  const res = reply.raw;
  try {
    for (const [name, value] of Object.entries(reply.getHeaders())) {
      if (value !== undefined) res.setHeader(name, typeof value === 'number' ? String(value) : value);
    }
    res.writeHead(reply.statusCode);
    await pump(handle, res, start, end);
    if (!res.destroyed) res.end();
  } catch (error) {
    reply.log.warn({ err: error }, 'file transfer stopped');
    res.destroy(error instanceof Error ? error : undefined);
  } finally {
    await handle.close();
  }
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
