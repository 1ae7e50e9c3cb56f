import { Deflate, constants, deflateSync } from 'node:zlib';
import { reusableZlibStream, type ZlibHandle, type ZlibInternals } from './reused-zlib-stream.js';

/** Bodies up to this size go through the reused zlib stream; bigger ones through deflateSync. */
const REUSED_MAX_BYTES = 1024 * 1024;

/** zlib's compressBound: room for any input in one Z_FINISH call. */
function compressBound(length: number): number {
  return length + (length >> 12) + (length >> 14) + (length >> 25) + 13;
}

/**
 * Deflates a pack's object bodies, each its own zlib stream. `deflateSync` builds and frees a
 * zlib stream (about 256 KiB of state) per call: for a clone of thousands of small files that is
 * most of the hub's time and leaves the allocator fragmented. Small bodies here go through one
 * stream reset between objects instead. Where node:zlib's handle is missing (another Node
 * version), every body goes through deflateSync.
 */
export class ObjectDeflater {
  private stream: (Deflate & ZlibInternals) | undefined;
  private unavailable = false;

  constructor(private readonly level: number) {}

  /** The body as one zlib stream, `prefix` (the pack entry's header) before it in the same buffer. */
  deflate(prefix: Buffer, body: Buffer): Buffer {
    const handle = body.length <= REUSED_MAX_BYTES ? this.handle() : undefined;
    if (handle === undefined || this.stream === undefined) return Buffer.concat([prefix, deflateSync(body, { level: this.level })]);
    const out = Buffer.allocUnsafe(prefix.length + compressBound(body.length));
    prefix.copy(out, 0);
    const room = out.length - prefix.length;
    handle.writeSync(constants.Z_FINISH, body, 0, body.length, out, prefix.length, room);
    if (this.stream._handle === null) {
      this.stream = undefined;
      return Buffer.concat([prefix, deflateSync(body, { level: this.level })]);
    }
    const [outputLeft, inputLeft] = this.stream._writeState as unknown as [number, number];
    handle.reset();
    // compressBound leaves room to spare: a full buffer or input left means the stream did not end.
    if (outputLeft === 0 || inputLeft !== 0) return Buffer.concat([prefix, deflateSync(body, { level: this.level })]);
    return out.subarray(0, out.length - outputLeft);
  }

  private handle(): ZlibHandle | undefined {
    if (this.unavailable) return undefined;
    this.stream ??= reusableZlibStream(new Deflate({ level: this.level }));
    if (this.stream === undefined) this.unavailable = true;
    return this.stream?._handle ?? undefined;
  }

  /** Frees the zlib stream (the writer is done). */
  close(): void {
    this.stream?.close();
    this.stream = undefined;
  }
}
