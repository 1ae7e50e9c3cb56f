import type { Deflate, Inflate } from 'node:zlib';

/** The native zlib handle behind a node:zlib stream (Node 20): one synchronous call per object. */
export interface ZlibHandle {
  writeSync(flush: number, input: Uint8Array, inOffset: number, inLength: number, output: Uint8Array, outOffset: number, outLength: number): void;
  reset(): void;
}

/** node:zlib's internals the pack's inflater and deflater call directly (not public API). */
export interface ZlibInternals {
  readonly _handle: ZlibHandle | null;
  /** [output bytes left, input bytes left] after the last writeSync. */
  readonly _writeState: Uint32Array;
}

/**
 * The stream, when its native handle can be called once per object and reset between objects;
 * undefined (the stream closed) where this Node version lacks those internals. Errors reach the
 * caller through the handle; the stream's own 'error' event carries the same one and is ignored.
 */
export function reusableZlibStream<S extends Inflate | Deflate>(stream: S): (S & ZlibInternals) | undefined {
  const candidate = stream as S & ZlibInternals;
  candidate.on('error', () => undefined);
  if (typeof candidate._handle?.writeSync !== 'function' || typeof candidate._handle.reset !== 'function' || !(candidate._writeState instanceof Uint32Array)) {
    candidate.close();
    return undefined;
  }
  return candidate;
}
