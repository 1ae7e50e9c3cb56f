import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { GitProtocolError } from './pkt-line.js';
import type { PackObjectType } from './object-source.js';

/** What a pack may hold before it is refused: pack bombs stop at the header that declares them. */
export interface PackLimits {
  readonly maxObjects: number;
  /** The largest inflated object (or delta) accepted. */
  readonly maxObjectSize: number;
  /** All inflated bytes of the pack together. */
  readonly maxInflatedBytes: number;
}

export interface PackObject {
  readonly type: PackObjectType;
  readonly oid: string;
  readonly size: number;
}

/** A base a thin pack's REF_DELTA names outside the pack. */
export type BaseLookup = (oid: string) => { readonly type: PackObjectType; readonly data: Buffer } | undefined;

interface Entry {
  readonly offset: number;
  readonly kind: number;
  readonly size: number;
  readonly dataStart: number;
  readonly baseOffset?: number;
  readonly baseOid?: string;
  type?: PackObjectType;
  oid?: string;
  resolvedSize?: number;
}

const TYPES: Record<number, PackObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
const OFS_DELTA = 6;
const REF_DELTA = 7;
/** Resolved objects kept for delta chains; everything else is re-read from the pack file. */
const CACHE_BYTES = 32 * 1024 * 1024;
const READ_CHUNK = 1024 * 1024;

/**
 * A received pack, read from its temp file: the trailer checked, each object inflated with
 * bounded size, deltas (OFS, REF, thin against `lookup`) resolved by re-reading their bases from
 * the file. Memory holds ids and offsets, one object at a time and a bounded base cache.
 */
export class PackReader {
  private readonly fd: number;
  private readonly end: number;
  private readonly entries: Entry[] = [];
  private readonly byOid = new Map<string, number>();
  private readonly byOffset = new Map<number, number>();
  private readonly cache = new Map<number, { type: PackObjectType; data: Buffer }>();
  private cacheBytes = 0;
  private inflated = 0;

  constructor(path: string, private readonly limits: PackLimits, private readonly lookup: BaseLookup) {
    this.fd = openSync(path, 'r');
    this.end = fstatSync(this.fd).size - 20;
  }

  close(): void {
    closeSync(this.fd);
  }

  /** Checks the pack and computes every object's type and id; throws GitProtocolError on bad input. */
  index(): void {
    this.checkTrailer();
    const header = this.read(0, 12);
    if (header.toString('latin1', 0, 4) !== 'PACK') throw new GitProtocolError('unpack error: not a pack file');
    const version = header.readUInt32BE(4);
    if (version !== 2 && version !== 3) throw new GitProtocolError(`unpack error: unsupported pack version ${version}`);
    const count = header.readUInt32BE(8);
    if (count > this.limits.maxObjects) throw new GitProtocolError(`unpack error: the pack holds ${count} objects, more than ${this.limits.maxObjects}`);
    let at = 12;
    for (let i = 0; i < count; i++) {
      const entry = this.readEntryHeader(at);
      const { data, consumed } = this.inflateAt(entry.dataStart, entry.size);
      const type = TYPES[entry.kind];
      if (!type && entry.kind !== OFS_DELTA && entry.kind !== REF_DELTA) throw new GitProtocolError(`unpack error: object at ${at} has unknown type ${entry.kind}`);
      this.byOffset.set(entry.offset, this.entries.length);
      this.entries.push(entry);
      if (type) this.record(this.entries.length - 1, type, data);
      at = entry.dataStart + consumed;
    }
    if (at !== this.end) throw new GitProtocolError('unpack error: the pack has trailing bytes after its last object');
    this.resolveDeltas();
  }

  /** Every object with its type, id and size, in pack order. */
  *objects(): Generator<PackObject> {
    for (const entry of this.entries) yield { type: entry.type as PackObjectType, oid: entry.oid as string, size: entry.resolvedSize as number };
  }

  /** The object's bytes (without git's header). */
  contents(oid: string): Buffer {
    const index = this.byOid.get(oid);
    if (index === undefined) throw new Error(`object ${oid} is not in the pack`);
    return this.resolve(index).data;
  }

  has(oid: string): boolean {
    return this.byOid.has(oid);
  }

  private record(index: number, type: PackObjectType, data: Buffer): void {
    const entry = this.entries[index] as Entry;
    entry.type = type;
    entry.resolvedSize = data.length;
    entry.oid = objectId(type, data);
    if (!this.byOid.has(entry.oid)) this.byOid.set(entry.oid, index);
  }

  private checkTrailer(): void {
    if (this.end < 12) throw new GitProtocolError('unpack error: the pack is truncated');
    const hash = createHash('sha1');
    for (let at = 0; at < this.end; at += READ_CHUNK) hash.update(this.read(at, Math.min(READ_CHUNK, this.end - at)));
    if (!hash.digest().equals(this.read(this.end, 20))) throw new GitProtocolError('unpack error: pack checksum mismatch (truncated or corrupt pack)');
  }

  private readEntryHeader(offset: number): Entry {
    const head = this.read(offset, Math.min(64, this.end - offset));
    let at = 0;
    const next = (): number => {
      if (at >= head.length) throw new GitProtocolError('unpack error: truncated object header');
      return head[at++] as number;
    };
    let byte = next();
    const kind = (byte >> 4) & 7;
    let size = byte & 15;
    let shift = 4;
    while (byte & 0x80) {
      byte = next();
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (shift > 56) throw new GitProtocolError('unpack error: object size overflows');
    }
    if (size > this.limits.maxObjectSize) {
      throw new GitProtocolError(`unpack error: an object declares ${size} bytes, more than the ${this.limits.maxObjectSize} accepted (track large files with git lfs track)`);
    }
    if (kind === OFS_DELTA) {
      byte = next();
      let distance = byte & 0x7f;
      for (let more = 0; byte & 0x80; more++) {
        if (more > 8) throw new GitProtocolError('unpack error: delta base offset overflows');
        byte = next();
        distance = (distance + 1) * 128 + (byte & 0x7f);
      }
      const baseOffset = offset - distance;
      if (distance <= 0 || baseOffset < 12) throw new GitProtocolError('unpack error: delta base offset out of range');
      return { offset, kind, size, dataStart: offset + at, baseOffset };
    }
    if (kind === REF_DELTA) {
      if (at + 20 > head.length) throw new GitProtocolError('unpack error: truncated delta base id');
      return { offset, kind, size, dataStart: offset + at + 20, baseOid: head.toString('hex', at, at + 20) };
    }
    return { offset, kind, size, dataStart: offset + at };
  }

  /** Inflates the zlib stream at `start` that must give exactly `size` bytes; returns them and the compressed length. */
  private inflateAt(start: number, size: number): { data: Buffer; consumed: number } {
    this.inflated += size;
    if (this.inflated > this.limits.maxInflatedBytes) {
      throw new GitProtocolError(`unpack error: the pack inflates to more than ${this.limits.maxInflatedBytes} bytes`);
    }
    const window = this.read(start, Math.min(this.end - start, size + Math.ceil(size / 1000) * 8 + 1024));
    try {
      const result = inflateSync(window, { info: true, maxOutputLength: Math.max(size, 1) }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
      if (result.buffer.length !== size) throw new Error('size mismatch');
      return { data: result.buffer, consumed: result.engine.bytesWritten };
    } catch {
      throw new GitProtocolError(`unpack error: corrupt or truncated zlib data at offset ${start}`);
    }
  }

  /** REF_DELTA bases may be deltas resolved later in the pack: rounds until nothing moves. */
  private resolveDeltas(): void {
    let pending = this.entries.map((_entry, index) => index).filter((index) => this.entries[index]?.oid === undefined);
    while (pending.length > 0) {
      const left = pending.filter((index) => !this.tryResolve(index));
      if (left.length === pending.length) {
        const entry = this.entries[left[0] as number] as Entry;
        throw new GitProtocolError(`unpack error: delta at offset ${entry.offset} names a missing base ${entry.baseOid ?? `at ${entry.baseOffset}`}`);
      }
      pending = left;
    }
  }

  private tryResolve(index: number): boolean {
    const entry = this.entries[index] as Entry;
    if (entry.baseOid !== undefined && !this.byOid.has(entry.baseOid) && !this.lookup(entry.baseOid)) return false;
    if (entry.baseOffset !== undefined) {
      const base = this.byOffset.get(entry.baseOffset);
      if (base === undefined) throw new GitProtocolError(`unpack error: delta base offset ${entry.baseOffset} is not an object`);
      if (this.entries[base]?.oid === undefined) return false;
    }
    if (entry.baseOid !== undefined) {
      const base = this.byOid.get(entry.baseOid);
      if (base !== undefined && this.entries[base]?.oid === undefined) return false;
    }
    const { type, data } = this.resolve(index);
    this.record(index, type, data);
    return true;
  }

  /** An object's type and bytes: from the cache, the pack (inflated again) or its delta chain. */
  private resolve(index: number): { type: PackObjectType; data: Buffer } {
    const entry = this.entries[index] as Entry;
    const cached = this.cache.get(entry.offset);
    if (cached) return cached;
    const { data } = this.inflateAt(entry.dataStart, entry.size);
    this.inflated -= entry.size;
    let result: { type: PackObjectType; data: Buffer };
    const type = TYPES[entry.kind];
    if (type) result = { type, data };
    else {
      const base = this.baseOf(entry);
      result = { type: base.type, data: applyDelta(base.data, data, this.limits.maxObjectSize) };
      this.remember(entry.offset, result);
    }
    return result;
  }

  private baseOf(entry: Entry): { type: PackObjectType; data: Buffer } {
    if (entry.baseOffset !== undefined) {
      const base = this.byOffset.get(entry.baseOffset);
      if (base === undefined) throw new GitProtocolError(`unpack error: delta base offset ${entry.baseOffset} is not an object`);
      return this.resolve(base);
    }
    const inPack = this.byOid.get(entry.baseOid as string);
    if (inPack !== undefined) return this.resolve(inPack);
    const outside = this.lookup(entry.baseOid as string);
    if (!outside) throw new GitProtocolError(`unpack error: delta base ${entry.baseOid} is missing`);
    return outside;
  }

  private remember(offset: number, value: { type: PackObjectType; data: Buffer }): void {
    if (value.data.length > CACHE_BYTES / 4) return;
    this.cache.set(offset, value);
    this.cacheBytes += value.data.length;
    for (const [key, old] of this.cache) {
      if (this.cacheBytes <= CACHE_BYTES) break;
      this.cache.delete(key);
      this.cacheBytes -= old.data.length;
    }
  }

  private read(position: number, length: number): Buffer {
    const buffer = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const got = readSync(this.fd, buffer, done, length - done, position + done);
      if (got === 0) throw new GitProtocolError('unpack error: the pack is truncated');
      done += got;
    }
    return buffer;
  }
}

/** git's object id: SHA-1 of `<type> <size>\0` and the bytes. */
export function objectId(type: PackObjectType, data: Buffer): string {
  return createHash('sha1').update(`${type} ${data.length}\0`).update(data).digest('hex');
}

/** Applies a git delta (source size, target size, copy/insert ops) with every bound checked. */
export function applyDelta(base: Buffer, delta: Buffer, maxSize: number): Buffer {
  let at = 0;
  const varint = (): number => {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      if (at >= delta.length) throw new GitProtocolError('unpack error: truncated delta');
      byte = delta[at++] as number;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && shift < 56);
    return value;
  };
  const sourceSize = varint();
  if (sourceSize !== base.length) throw new GitProtocolError('unpack error: delta does not apply to its base (size mismatch)');
  const targetSize = varint();
  if (targetSize > maxSize) throw new GitProtocolError(`unpack error: a delta declares ${targetSize} bytes, more than the ${maxSize} accepted`);
  const out = Buffer.allocUnsafe(targetSize);
  let written = 0;
  while (at < delta.length) {
    const op = delta[at++] as number;
    if (op & 0x80) {
      let offset = 0;
      let size = 0;
      for (let bit = 0; bit < 4; bit++) if (op & (1 << bit)) offset += (delta[at++] ?? 0) * 2 ** (8 * bit);
      for (let bit = 0; bit < 3; bit++) if (op & (0x10 << bit)) size += (delta[at++] ?? 0) * 2 ** (8 * bit);
      if (size === 0) size = 0x10000;
      if (at > delta.length || offset + size > base.length || written + size > targetSize) throw new GitProtocolError('unpack error: delta copy out of range');
      base.copy(out, written, offset, offset + size);
      written += size;
    } else if (op > 0) {
      if (at + op > delta.length || written + op > targetSize) throw new GitProtocolError('unpack error: delta insert out of range');
      delta.copy(out, written, at, at + op);
      written += op;
      at += op;
    } else {
      throw new GitProtocolError('unpack error: delta has a reserved opcode');
    }
  }
  if (written !== targetSize) throw new GitProtocolError('unpack error: delta result has the wrong size');
  return out;
}
