import { createRequire } from 'node:module';
import { Readable } from 'node:stream';
import type * as XzDecompress from 'xz-decompress';

// xz-decompress is CommonJS without named ESM exports; its WASM decoder needs no native build,
// so .tar.xz works on every desktop platform (Node has no xz in zlib).
const { XzReadableStream } = createRequire(import.meta.url)('xz-decompress') as typeof XzDecompress;

/** Decompresses an xz stream. */
export function xzDecompress(source: Readable): Readable {
  return Readable.fromWeb(new XzReadableStream(Readable.toWeb(source)));
}
