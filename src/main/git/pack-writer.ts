import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { constants, createDeflate } from 'node:zlib';
import { ObjectDeflater } from './object-deflater.js';
import type { GitObjectSource, PackObjectType } from './object-source.js';
import type { PackObject } from './object-walk.js';

const TYPE_NUMBERS: Readonly<Record<PackObjectType, number>> = { commit: 1, tree: 2, blob: 3, tag: 4 };

/**
 * Level 1: the pack is sent once over a local link; level 6 (git's default) took three times as
 * long for a few percent fewer bytes on model repos (config JSON, tokenizers, pointers).
 */
const COMPRESSION = { level: constants.Z_BEST_SPEED };
/** Blobs from content files above this are deflated as a stream, never held whole. */
const STREAM_ABOVE = 1024 * 1024;

/**
 * A version 2 pack of whole objects (no deltas) as it is built: header with the object count,
 * each object's type and size then its zlib-deflated body, and the SHA-1 trailer. Bodies are
 * read one at a time, so memory stays flat whatever the repo size.
 */
export async function* writePack(source: GitObjectSource, objects: readonly PackObject[], onObject?: (written: number) => void): AsyncGenerator<Buffer> {
  const hash = createHash('sha1');
  const out = (chunk: Buffer): Buffer => {
    hash.update(chunk);
    return chunk;
  };
  const header = Buffer.alloc(12);
  header.write('PACK', 0, 'latin1');
  header.writeUInt32BE(2, 4);
  header.writeUInt32BE(objects.length, 8);
  yield out(header);
  let written = 0;
  const deflater = new ObjectDeflater(COMPRESSION.level);
  try {
    for (const object of objects) {
      if (object.type === 'blob') {
        const located = source.blob(object.oid);
        if (!located) throw new Error(`blob ${object.oid} is missing from the store`);
        if (located.kind === 'file' && located.size > STREAM_ABOVE) {
          yield out(entryHeader('blob', located.size));
          for await (const chunk of createReadStream(located.path).pipe(createDeflate(COMPRESSION))) yield out(chunk as Buffer);
        } else {
          const body = located.kind === 'inline' ? located.data : located.kind === 'pointer' ? Buffer.from(located.text, 'utf8') : await readFile(located.path);
          yield out(deflater.deflate(entryHeader('blob', body.length), body));
        }
      } else {
        const body = object.type === 'commit' ? source.commitBody(object.oid) : object.type === 'tag' ? source.tagBody(object.oid) : source.treeBody(object.oid);
        if (!body) throw new Error(`${object.type} ${object.oid} is missing from the store`);
        yield out(deflater.deflate(entryHeader(object.type, body.length), body));
      }
      onObject?.(++written);
    }
  } finally {
    deflater.close();
  }
  yield hash.digest();
}

/** An entry's header: type in bits 6-4 of the first byte, the size in 4 then 7-bit groups, low first. */
export function entryHeader(type: PackObjectType, size: number): Buffer {
  const bytes: number[] = [];
  let rest = Math.floor(size / 16);
  let byte = (TYPE_NUMBERS[type] << 4) | (size % 16);
  while (rest > 0) {
    bytes.push(byte | 0x80);
    byte = rest % 128;
    rest = Math.floor(rest / 128);
  }
  bytes.push(byte);
  return Buffer.from(bytes);
}
