import * as crypto from 'node:crypto';
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ObjectInflater } from './object-inflater.js';
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

/** A base a thin pack's REF_DELTA names outside the pack. */
export type BaseLookup = (oid: string) => { readonly type: PackObjectType; readonly data: Buffer } | undefined;

/** Receives each object of the pack once, resolved, in the order it is read. */
export type PackSink = (type: PackObjectType, oid: string, data: Buffer) => void | Promise<void>;

interface Entry {
  readonly offset: number;
  readonly kind: number;
  readonly size: number;
  readonly dataStart: number;
  readonly baseOffset?: number;
  readonly baseOid?: string;
  type?: PackObjectType;
  oid?: string;
}

interface Resolved {
  readonly type: PackObjectType;
  readonly data: Buffer;
}

const TYPES: Record<number, PackObjectType> = { 1: 'commit', 2: 'tree', 3: 'blob', 4: 'tag' };
const OFS_DELTA = 6;
const REF_DELTA = 7;
/** Resolved objects kept as delta bases (most recent first out); the rest is re-read from the pack file. */
const CACHE_BYTES = 32 * 1024 * 1024;
/** Inflated deltas waiting for a base later in the pack, kept up to this; beyond, they are inflated again. */
const PENDING_BYTES = 32 * 1024 * 1024;
/** The pack is read through a window this large: one read per window, not two per object. */
const WINDOW_BYTES = 4 * 1024 * 1024;

/**
 * A received pack, read from its temp file in one pass: the trailer checked, each object
 * inflated once with bounded size, its id computed once, and handed to a sink. Deltas (OFS, REF,
 * thin against `lookup`) resolve as soon as their base is known, from a bounded cache of recent
 * objects or by re-reading the base from the file. Memory holds ids and offsets, the window, the
 * cache, and deltas whose base comes later in the pack (bounded too).
 */
export class PackReader {
  private readonly fd: number;
  private readonly end: number;
  private readonly entries: Entry[] = [];
  /** Index of each id's first object; built when first needed (REF_DELTAs, `contents`): most pushes never ask. */
  private byOid: Map<string, number> | undefined;
  private readonly byOffset = new Map<number, number>();
  private readonly cache = new Map<number, Resolved>();
  private readonly pendingDeltas = new Map<number, Buffer>();
  private readonly inflater = new ObjectInflater();
  private pendingBytes = 0;
  private cacheBytes = 0;
  private inflated = 0;
  private window: Buffer = Buffer.alloc(0);
  private windowStart = 0;

  constructor(path: string, private readonly limits: PackLimits, private readonly lookup: BaseLookup) {
    this.fd = openSync(path, 'r');
    this.end = fstatSync(this.fd).size - 20;
  }

  close(): void {
    this.inflater.close();
    closeSync(this.fd);
  }

  /** Checks the pack and gives every object to `sink` once; throws GitProtocolError on bad input. */
  async read(sink: PackSink): Promise<void> {
    this.checkTrailer();
    const header = this.bytes(0, 12);
    if (header.toString('latin1', 0, 4) !== 'PACK') throw new GitProtocolError('unpack error: not a pack file');
    const version = header.readUInt32BE(4);
    if (version !== 2 && version !== 3) throw new GitProtocolError(`unpack error: unsupported pack version ${version}`);
    const count = header.readUInt32BE(8);
    if (count > this.limits.maxObjects) throw new GitProtocolError(`unpack error: the pack holds ${count} objects, more than ${this.limits.maxObjects}`);
    let at = 12;
    const waiting: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = this.readEntryHeader(at);
      const type = TYPES[entry.kind];
      if (!type && entry.kind !== OFS_DELTA && entry.kind !== REF_DELTA) throw new GitProtocolError(`unpack error: object at ${at} has unknown type ${entry.kind}`);
      this.inflated += entry.size;
      if (this.inflated > this.limits.maxInflatedBytes) {
        throw new GitProtocolError(`unpack error: the pack inflates to more than ${this.limits.maxInflatedBytes} bytes`);
      }
      const { data, consumed } = this.inflateAt(entry.dataStart, entry.size);
      const index = this.entries.length;
      this.byOffset.set(entry.offset, index);
      this.entries.push(entry);
      at = entry.dataStart + consumed;
      if (type) {
        const resolved = { type, data };
        this.remember(entry.offset, resolved);
        const written = this.emit(index, resolved, sink);
        if (written) await written;
      } else if (this.baseReady(entry)) {
        const written = this.emit(index, this.applyTo(entry, data), sink);
        if (written) await written;
      } else {
        waiting.push(index);
        if (this.pendingBytes + data.length <= PENDING_BYTES) {
          this.pendingDeltas.set(entry.offset, data);
          this.pendingBytes += data.length;
        }
      }
    }
    if (at !== this.end) throw new GitProtocolError('unpack error: the pack has trailing bytes after its last object');
    await this.resolveWaiting(waiting, sink);
  }

  /** The object's bytes (without git's header), read again from the pack. */
  contents(oid: string): Buffer {
    const index = this.oidIndex().get(oid);
    if (index === undefined) throw new Error(`object ${oid} is not in the pack`);
    return this.resolve(index).data;
  }

  /** Names the object and hands it to the sink; returns the sink's promise, if any (most objects are written synchronously). */
  private emit(index: number, resolved: Resolved, sink: PackSink): void | Promise<void> {
    const entry = this.entries[index] as Entry;
    entry.type = resolved.type;
    entry.oid = objectId(resolved.type, resolved.data);
    if (this.byOid !== undefined && !this.byOid.has(entry.oid)) this.byOid.set(entry.oid, index);
    return sink(resolved.type, entry.oid, resolved.data);
  }

  private oidIndex(): Map<string, number> {
    if (this.byOid !== undefined) return this.byOid;
    const byOid = new Map<string, number>();
    this.entries.forEach((entry, index) => {
      if (entry.oid !== undefined && !byOid.has(entry.oid)) byOid.set(entry.oid, index);
    });
    this.byOid = byOid;
    return byOid;
  }

  /** Whether a delta's base is resolved already (in the pack) or outside it (a thin pack). */
  private baseReady(entry: Entry): boolean {
    if (entry.baseOffset !== undefined) {
      const base = this.byOffset.get(entry.baseOffset);
      if (base === undefined) throw new GitProtocolError(`unpack error: delta base offset ${entry.baseOffset} is not an object`);
      return this.entries[base]?.oid !== undefined;
    }
    const inPack = this.oidIndex().get(entry.baseOid as string);
    if (inPack !== undefined) return true;
    return this.lookup(entry.baseOid as string) !== undefined;
  }

  /** REF_DELTA bases may be deltas resolved later in the pack: rounds until nothing moves. */
  private async resolveWaiting(waiting: number[], sink: PackSink): Promise<void> {
    let pending = waiting;
    while (pending.length > 0) {
      const left: number[] = [];
      for (const index of pending) {
        const entry = this.entries[index] as Entry;
        if (!this.baseReady(entry)) {
          left.push(index);
          continue;
        }
        const delta = this.pendingDeltas.get(entry.offset) ?? this.inflateAgain(entry);
        this.pendingDeltas.delete(entry.offset);
        const written = this.emit(index, this.applyTo(entry, delta), sink);
        if (written) await written;
      }
      if (left.length === pending.length) {
        const entry = this.entries[left[0] as number] as Entry;
        throw new GitProtocolError(`unpack error: delta at offset ${entry.offset} names a missing base ${entry.baseOid ?? `at ${entry.baseOffset}`}`);
      }
      pending = left;
    }
  }

  private applyTo(entry: Entry, delta: Buffer): Resolved {
    const base = this.baseOf(entry);
    const result = { type: base.type, data: applyDelta(base.data, delta, this.limits.maxObjectSize) };
    this.remember(entry.offset, result);
    return result;
  }

  private checkTrailer(): void {
    if (this.end < 12) throw new GitProtocolError('unpack error: the pack is truncated');
    const hash = createHash('sha1');
    for (let at = 0; at < this.end; at += WINDOW_BYTES) hash.update(this.bytes(at, Math.min(WINDOW_BYTES, this.end - at)));
    if (!hash.digest().equals(this.readAt(this.end, 20))) throw new GitProtocolError('unpack error: pack checksum mismatch (truncated or corrupt pack)');
  }

  private readEntryHeader(offset: number): Entry {
    const headLength = Math.min(64, this.end - offset);
    // Read in place from the window (no view per object): `at` runs over the window, `stop` ends the header's bytes.
    const base = this.windowIndex(offset, headLength);
    const head = this.window;
    const stop = base + headLength;
    let at = base;
    let byte = at < stop ? (head[at++] as number) : truncated();
    const kind = (byte >> 4) & 7;
    let size = byte & 15;
    let shift = 4;
    while (byte & 0x80) {
      byte = at < stop ? (head[at++] as number) : truncated();
      size += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (shift > 56) throw new GitProtocolError('unpack error: object size overflows');
    }
    if (size > this.limits.maxObjectSize) {
      throw new GitProtocolError(`unpack error: an object declares ${size} bytes, more than the ${this.limits.maxObjectSize} accepted (track large files with git lfs track)`);
    }
    if (kind === OFS_DELTA) {
      byte = at < stop ? (head[at++] as number) : truncated();
      let distance = byte & 0x7f;
      for (let more = 0; byte & 0x80; more++) {
        if (more > 8) throw new GitProtocolError('unpack error: delta base offset overflows');
        byte = at < stop ? (head[at++] as number) : truncated();
        distance = (distance + 1) * 128 + (byte & 0x7f);
      }
      const baseOffset = offset - distance;
      if (distance <= 0 || baseOffset < 12) throw new GitProtocolError('unpack error: delta base offset out of range');
      return { offset, kind, size, dataStart: offset + (at - base), baseOffset };
    }
    if (kind === REF_DELTA) {
      if (at + 20 > stop) throw new GitProtocolError('unpack error: truncated delta base id');
      return { offset, kind, size, dataStart: offset + (at - base) + 20, baseOid: head.toString('hex', at, at + 20) };
    }
    return { offset, kind, size, dataStart: offset + (at - base) };
  }

  /** Inflates the zlib stream at `start` that must give exactly `size` bytes; returns them and the compressed length. */
  private inflateAt(start: number, size: number): { data: Buffer; consumed: number } {
    const compressed = this.bytes(start, Math.min(this.end - start, size + Math.ceil(size / 1000) * 8 + 1024));
    try {
      return this.inflater.inflate(compressed, size);
    } catch {
      throw new GitProtocolError(`unpack error: corrupt or truncated zlib data at offset ${start}`);
    }
  }

  private inflateAgain(entry: Entry): Buffer {
    return this.inflateAt(entry.dataStart, entry.size).data;
  }

  /** An object's type and bytes: from the cache, the pack (inflated again) or its delta chain. */
  private resolve(index: number): Resolved {
    const entry = this.entries[index] as Entry;
    const cached = this.cache.get(entry.offset);
    if (cached) return cached;
    const data = this.inflateAgain(entry);
    const type = TYPES[entry.kind];
    if (type) return { type, data };
    return this.applyTo(entry, data);
  }

  private baseOf(entry: Entry): Resolved {
    if (entry.baseOffset !== undefined) {
      const base = this.byOffset.get(entry.baseOffset);
      if (base === undefined) throw new GitProtocolError(`unpack error: delta base offset ${entry.baseOffset} is not an object`);
      return this.resolve(base);
    }
    const inPack = this.oidIndex().get(entry.baseOid as string);
    if (inPack !== undefined) return this.resolve(inPack);
    const outside = this.lookup(entry.baseOid as string);
    if (!outside) throw new GitProtocolError(`unpack error: delta base ${entry.baseOid} is missing`);
    return outside;
  }

  private remember(offset: number, value: Resolved): void {
    if (value.data.length > CACHE_BYTES / 4) return;
    this.cache.set(offset, value);
    this.cacheBytes += value.data.length;
    if (this.cacheBytes <= CACHE_BYTES) return;
    for (const [key, old] of this.cache) {
      if (this.cacheBytes <= CACHE_BYTES) break;
      this.cache.delete(key);
      this.cacheBytes -= old.data.length;
    }
  }

  /** `length` bytes at `position`, from the window (refilled from there when it does not hold them). */
  private bytes(position: number, length: number): Buffer {
    if (length > WINDOW_BYTES) return this.readAt(position, length);
    const offset = this.windowIndex(position, length);
    return this.window.subarray(offset, offset + length);
  }

  /** Where `length` (at most WINDOW_BYTES) bytes at `position` start in the window, refilled from there when it does not hold them. */
  private windowIndex(position: number, length: number): number {
    const offset = position - this.windowStart;
    if (offset >= 0 && offset + length <= this.window.length) return offset;
    const fill = Math.min(Math.max(length, WINDOW_BYTES), this.end + 20 - position);
    this.window = this.readAt(position, fill);
    this.windowStart = position;
    return 0;
  }

  private readAt(position: number, length: number): Buffer {
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

function truncated(): never {
  throw new GitProtocolError('unpack error: truncated object header');
}

/** `crypto.hash` (Node 20.12+, not yet in the typings): one call, no Hash object per object. */
const oneShotHash = (crypto as { hash?: (algorithm: string, data: Uint8Array, encoding: 'hex') => string }).hash;
/** Header and body of a small object are hashed from here in one call (a push hashes thousands). */
const HASH_SCRATCH = Buffer.allocUnsafe(64 * 1024);
const MAX_HEADER_BYTES = 32;

/** git's object id: SHA-1 of `<type> <size>\0` and the bytes. */
export function objectId(type: PackObjectType, data: Buffer): string {
  const header = `${type} ${data.length}\0`;
  if (oneShotHash !== undefined && data.length <= HASH_SCRATCH.length - MAX_HEADER_BYTES) {
    const headerLength = HASH_SCRATCH.write(header, 0, 'latin1');
    data.copy(HASH_SCRATCH, headerLength);
    return oneShotHash('sha1', HASH_SCRATCH.subarray(0, headerLength + data.length), 'hex');
  }
  return createHash('sha1').update(header).update(data).digest('hex');
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
