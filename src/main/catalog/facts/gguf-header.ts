import { MAX_HEADER_BYTES, malformed, readExactly, type RangeRead } from './range-read.js';

export interface GgufFacts {
  readonly version: number;
  readonly tensors: number;
  readonly parameters: number;
  readonly architecture: string | null;
  /** `general.file_type` by llama.cpp's name (Q4_K_M, F16, ...), or its number when unknown. */
  readonly fileType: string | null;
  readonly contextLength: number | null;
  readonly name: string | null;
}

/** GGUF metadata value types and, for the fixed-size ones, their sizes in bytes. */
const ValueType = { Uint8: 0, Int8: 1, Uint16: 2, Int16: 3, Uint32: 4, Int32: 5, Float32: 6, Bool: 7, String: 8, Array: 9, Uint64: 10, Int64: 11, Float64: 12 } as const;
const FIXED_SIZE: Readonly<Record<number, number>> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

const FIRST_READ = 16 * 1024;
const LARGEST_READ = 8 * 1024 * 1024;
const MAX_DIMENSIONS = 8;

/**
 * Reads a GGUF header by ranges (the GGUF spec: magic, version, tensor and metadata counts, the
 * metadata key-values, then the tensor infos): architecture, file type, context length and the
 * parameter count from the tensor shapes. Arrays (the tokenizer's vocabulary) are skipped, not
 * kept. Versions 1 to 3, little-endian.
 */
export async function readGgufFacts(read: RangeRead, fileSize: number, label: string): Promise<GgufFacts> {
  const cursor = new RangeCursor(read, fileSize, label);
  const magic = await cursor.bytes(4);
  if (magic.toString('latin1') !== 'GGUF') throw malformed(label, 'not a GGUF file (it does not start with "GGUF")');
  const version = await cursor.u32();
  if (version < 1 || version > 3) throw malformed(label, `unsupported GGUF version ${version} (a big-endian file, or newer than version 3)`);
  const wide = version >= 2;
  const counted = (): Promise<number> => (wide ? cursor.u64() : cursor.u32());
  const tensorCount = await counted();
  const metadataCount = await counted();
  const scalars = new Map<string, string | number>();
  for (let index = 0; index < metadataCount; index++) {
    const key = await cursor.text(wide);
    const type = await cursor.u32();
    const value = await readValue(cursor, type, wide, `${key}`);
    if (value !== undefined) scalars.set(key, value);
  }
  let parameters = 0;
  for (let index = 0; index < tensorCount; index++) {
    await cursor.text(wide);
    const dimensions = await cursor.u32();
    if (dimensions > MAX_DIMENSIONS) throw malformed(label, `tensor ${index} has ${dimensions} dimensions (GGUF allows ${MAX_DIMENSIONS} at most)`);
    let elements = 1;
    for (let d = 0; d < dimensions; d++) elements *= await counted();
    cursor.skip(4 + 8);
    parameters += elements;
  }
  const architecture = stringOf(scalars.get('general.architecture'));
  const fileType = scalars.get('general.file_type');
  // The library drags in @huggingface/tasks: loaded when a GGUF header is read, not at start-up.
  const { GGMLFileQuantizationType } = await import('@huggingface/gguf');
  return {
    version,
    tensors: tensorCount,
    parameters,
    architecture,
    fileType: typeof fileType === 'number' ? (GGMLFileQuantizationType[fileType] ?? String(fileType)) : null,
    contextLength: architecture === null ? null : numberOf(scalars.get(`${architecture}.context_length`)),
    name: stringOf(scalars.get('general.name')),
  };
}

/** A scalar value (arrays are skipped and give undefined). */
async function readValue(cursor: RangeCursor, type: number, wide: boolean, key: string): Promise<string | number | undefined> {
  switch (type) {
    case ValueType.String:
      return cursor.text(wide);
    case ValueType.Array: {
      const elementType = await cursor.u32();
      const length = wide ? await cursor.u64() : await cursor.u32();
      const size = FIXED_SIZE[elementType];
      if (size !== undefined) cursor.skip(length * size);
      else if (elementType === ValueType.String) for (let i = 0; i < length; i++) cursor.skip(wide ? await cursor.u64() : await cursor.u32());
      else throw cursor.error(`metadata "${key}" is an array of unknown type ${elementType}`);
      return undefined;
    }
    case ValueType.Uint8: return (await cursor.bytes(1)).readUInt8(0);
    case ValueType.Int8: return (await cursor.bytes(1)).readInt8(0);
    case ValueType.Uint16: return (await cursor.bytes(2)).readUInt16LE(0);
    case ValueType.Int16: return (await cursor.bytes(2)).readInt16LE(0);
    case ValueType.Uint32: return cursor.u32();
    case ValueType.Int32: return (await cursor.bytes(4)).readInt32LE(0);
    case ValueType.Float32: return (await cursor.bytes(4)).readFloatLE(0);
    case ValueType.Bool: return (await cursor.bytes(1)).readUInt8(0);
    case ValueType.Uint64: return cursor.u64();
    case ValueType.Int64: return Number((await cursor.bytes(8)).readBigInt64LE(0));
    case ValueType.Float64: return (await cursor.bytes(8)).readDoubleLE(0);
    default:
      throw cursor.error(`metadata "${key}" has unknown value type ${type}`);
  }
}

/** Walks a remote file front to back, fetching larger ranges as it goes and keeping only the unread part. */
class RangeCursor {
  private buffer = Buffer.alloc(0);
  private bufferStart = 0;
  private position = 0;
  private nextRead = FIRST_READ;

  constructor(
    private readonly read: RangeRead,
    private readonly fileSize: number,
    private readonly label: string,
  ) {}

  error(problem: string): Error {
    return malformed(this.label, problem);
  }

  async bytes(length: number): Promise<Buffer> {
    await this.need(length);
    const offset = this.position - this.bufferStart;
    this.position += length;
    return this.buffer.subarray(offset, offset + length);
  }

  async u32(): Promise<number> {
    return (await this.bytes(4)).readUInt32LE(0);
  }

  async u64(): Promise<number> {
    const value = (await this.bytes(8)).readBigUInt64LE(0);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw this.error(`a count of ${value} at byte ${this.position - 8} is absurd`);
    return Number(value);
  }

  /** A GGUF string: its length (u64, u32 in version 1), then UTF-8 bytes. */
  async text(wide: boolean): Promise<string> {
    const length = wide ? await this.u64() : await this.u32();
    return (await this.bytes(length)).toString('utf8');
  }

  skip(length: number): void {
    this.checkLimit(length);
    if (this.position + length <= this.bufferStart + this.buffer.length) {
      this.position += length;
      return;
    }
    this.position += length;
    this.bufferStart = this.position;
    this.buffer = Buffer.alloc(0);
  }

  private checkLimit(length: number): void {
    const end = this.position + length;
    if (end > MAX_HEADER_BYTES) throw this.error(`the GGUF header runs past ${MAX_HEADER_BYTES / 1_000_000} MB, the limit`);
    if (end > this.fileSize) throw this.error(`truncated header: it runs past the end of the file (byte ${end} of ${this.fileSize})`);
  }

  private async need(length: number): Promise<void> {
    this.checkLimit(length);
    const bufferEnd = this.bufferStart + this.buffer.length;
    if (this.position + length <= bufferEnd) return;
    const from = Math.max(bufferEnd, this.position);
    const size = Math.min(this.fileSize - from, Math.max(this.position + length - from, this.nextRead));
    this.nextRead = Math.min(this.nextRead * 2, LARGEST_READ);
    const fetched = await readExactly(this.read, from, size, this.fileSize, this.label);
    const kept = from === bufferEnd ? this.buffer.subarray(this.position - this.bufferStart) : Buffer.alloc(0);
    this.buffer = Buffer.concat([kept, fetched]);
    this.bufferStart = this.position;
  }
}

function stringOf(value: string | number | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function numberOf(value: string | number | undefined): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}
