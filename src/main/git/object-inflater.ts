import { Inflate, constants, inflateSync } from 'node:zlib';
import { reusableZlibStream, type ZlibHandle, type ZlibInternals } from './reused-zlib-stream.js';

/** Objects up to this size go through the reused zlib stream; bigger ones through inflateSync. */
const REUSED_MAX_BYTES = 1024 * 1024;

export interface InflatedObject {
  readonly data: Buffer;
  /** Compressed bytes the zlib stream took (its header, deflate data and adler32). */
  readonly consumed: number;
}

/**
 * Inflates a pack's objects, each a zlib stream that must give exactly its declared size.
 * `inflateSync` builds and frees a zlib stream per call (10-30 us: most of a push of 5,000 small
 * files); small objects here go through one stream reset between objects instead (about 1 us).
 * That uses node:zlib's handle, which is not public API: where it is missing (another Node
 * version), every object goes through inflateSync.
 */
export class ObjectInflater {
  private stream: (Inflate & ZlibInternals) | undefined;
  private unavailable = false;

  /** Throws (any error) when the data is not one zlib stream of exactly `size` bytes. */
  inflate(compressed: Buffer, size: number): InflatedObject {
    const handle = size <= REUSED_MAX_BYTES ? this.handle() : undefined;
    const stream = this.stream;
    if (handle === undefined || stream === undefined) return inflateWhole(compressed, size);
    // One spare byte: a stream holding more than `size` fills it and is refused.
    const out = Buffer.allocUnsafe(size + 1);
    try {
      handle.writeSync(constants.Z_FINISH, compressed, 0, compressed.length, out, 0, out.length);
    } catch (error) {
      this.drop();
      throw error;
    }
    // A zlib error goes to the stream's error handler, which closes the handle: the next object gets a new stream.
    if (stream._handle === null) {
      this.drop();
      throw new Error('corrupt zlib data');
    }
    const [outputLeft, inputLeft] = stream._writeState as unknown as [number, number];
    handle.reset();
    // Output fits with one byte to spare and no error: the stream reached its end (a stream cut
    // short is a zlib error with Z_FINISH, and one with more output fills the spare byte).
    if (out.length - outputLeft !== size) throw new Error('size mismatch');
    return { data: out.subarray(0, size), consumed: compressed.length - inputLeft };
  }

  /** Frees the zlib stream (the pack is read). */
  close(): void {
    this.drop();
  }

  private drop(): void {
    this.stream?.close();
    this.stream = undefined;
  }

  private handle(): ZlibHandle | undefined {
    if (this.unavailable) return undefined;
    this.stream ??= reusableZlibStream(new Inflate());
    if (this.stream === undefined) this.unavailable = true;
    return this.stream?._handle ?? undefined;
  }
}

function inflateWhole(compressed: Buffer, size: number): InflatedObject {
  // chunkSize: one output buffer of the object's size, not zlib's 16 KiB per call.
  const options = { info: true, maxOutputLength: Math.max(size, 1), chunkSize: Math.max(64, Math.min(size + 1, 1024 * 1024)) };
  const result = inflateSync(compressed, options) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
  if (result.buffer.length !== size) throw new Error('size mismatch');
  return { data: result.buffer, consumed: result.engine.bytesWritten };
}
