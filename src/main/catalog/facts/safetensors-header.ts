import { z } from 'zod';
import { MAX_HEADER_BYTES, malformed, readExactly, type RangeRead } from './range-read.js';

export interface SafetensorsFacts {
  readonly tensors: number;
  readonly parameters: number;
  /** Parameters per dtype. */
  readonly dtypes: Record<string, number>;
  /** Bytes of tensor data (what loading the file reads). */
  readonly tensorBytes: number;
}

// Most headers fit in the first request; a larger one costs a second.
const FIRST_READ = 16 * 1024;

const tensorSchema = z.object({
  dtype: z.string().min(1),
  shape: z.array(z.number().int().nonnegative()),
  data_offsets: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]),
});

/**
 * Reads a safetensors header by range: 8 bytes of little-endian u64 length, then that many
 * bytes of JSON (tensor name -> dtype, shape, data_offsets; `__metadata__` aside).
 */
export async function readSafetensorsFacts(read: RangeRead, fileSize: number, label: string): Promise<SafetensorsFacts> {
  const first = await readExactly(read, 0, Math.min(fileSize, FIRST_READ), fileSize, label);
  const length = safetensorsHeaderLength(first, label);
  const header = first.length >= 8 + length ? first.subarray(8, 8 + length) : Buffer.concat([first.subarray(8), await readExactly(read, first.length, 8 + length - first.length, fileSize, label)]);
  return parseSafetensorsHeader(header, label);
}

/** The JSON header's length from the file's first 8 bytes; absurd lengths are refused. */
export function safetensorsHeaderLength(prefix: Buffer, label: string): number {
  if (prefix.length < 8) throw malformed(label, `truncated header: a safetensors file starts with 8 bytes of header length, the file has ${prefix.length}`);
  const length = prefix.readBigUInt64LE(0);
  if (length > BigInt(MAX_HEADER_BYTES)) throw malformed(label, `not a safetensors file: its header length (${length} bytes) is over the 100 MB limit`);
  if (length < 2n) throw malformed(label, `not a safetensors file: its header length is ${length} bytes`);
  return Number(length);
}

/** Tensor count, parameters (products of shapes), dtypes and data bytes from the JSON header. */
export function parseSafetensorsHeader(header: Buffer, label: string): SafetensorsFacts {
  let parsed: unknown;
  try {
    parsed = JSON.parse(header.toString('utf8'));
  } catch (error) {
    throw malformed(label, `the safetensors header is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw malformed(label, 'the safetensors header is not a JSON object');
  let tensors = 0;
  let parameters = 0;
  let tensorBytes = 0;
  const dtypes: Record<string, number> = {};
  for (const [name, value] of Object.entries(parsed)) {
    if (name === '__metadata__') continue;
    const tensor = tensorSchema.safeParse(value);
    if (!tensor.success) throw malformed(label, `tensor "${name}" of the safetensors header has no valid dtype, shape and data_offsets`);
    const [begin, end] = tensor.data.data_offsets;
    if (end < begin) throw malformed(label, `tensor "${name}" ends before it begins (data_offsets ${begin}, ${end})`);
    const elements = tensor.data.shape.reduce((product, dimension) => product * dimension, 1);
    tensors += 1;
    parameters += elements;
    tensorBytes += end - begin;
    dtypes[tensor.data.dtype] = (dtypes[tensor.data.dtype] ?? 0) + elements;
  }
  return { tensors, parameters, dtypes, tensorBytes };
}

/** The shard file names a `*.safetensors.index.json` maps tensors to. */
export function safetensorsIndexShards(text: string, label: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw malformed(label, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  const index = z.object({ weight_map: z.record(z.string(), z.string()) }).safeParse(parsed);
  if (!index.success) throw malformed(label, 'a safetensors index needs a "weight_map" of tensor names to shard files');
  return [...new Set(Object.values(index.data.weight_map))].sort();
}
