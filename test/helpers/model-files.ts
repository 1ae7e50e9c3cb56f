// Weights files built byte by byte from the formats' specs (safetensors: github.com/huggingface/safetensors
// README; GGUF: ggml docs/gguf.md), independent of the readers under test.

export interface TensorSpec {
  readonly name: string;
  readonly dtype: string;
  readonly shape: readonly number[];
}

const DTYPE_BYTES: Readonly<Record<string, number>> = { F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I8: 1, U8: 1 };

/** A real safetensors file: u64 LE header length, the JSON header, then each tensor's bytes (filled with `fill`). */
export function safetensorsFile(tensors: readonly TensorSpec[], metadata: Record<string, string> = { format: 'pt' }, fill = 1): Buffer {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const tensor of tensors) {
    const bytes = tensor.shape.reduce((product, dimension) => product * dimension, 1) * (DTYPE_BYTES[tensor.dtype] ?? 1);
    header[tensor.name] = { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, offset + bytes] };
    offset += bytes;
  }
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, Buffer.alloc(offset, fill)]);
}

export type GgufValue =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'u32'; readonly value: number }
  | { readonly type: 'u64'; readonly value: number }
  | { readonly type: 'f32'; readonly value: number }
  | { readonly type: 'strings'; readonly value: readonly string[] }
  | { readonly type: 'f32s'; readonly value: readonly number[] };

export interface GgufTensorSpec {
  readonly name: string;
  readonly dimensions: readonly number[];
  /** ggml_type: 0 F32, 1 F16, 12 Q4_K, ... */
  readonly type: number;
}

/** A GGUF version 3 file (little-endian): header, metadata, tensor infos, then `dataBytes` of tensor data, aligned to 32. */
export function ggufFile(metadata: Readonly<Record<string, GgufValue>>, tensors: readonly GgufTensorSpec[], dataBytes = 1024): Buffer {
  const parts: Buffer[] = [];
  const u32 = (value: number): void => {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(value);
    parts.push(b);
  };
  const u64 = (value: number): void => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(value));
    parts.push(b);
  };
  const string = (value: string): void => {
    const bytes = Buffer.from(value, 'utf8');
    u64(bytes.length);
    parts.push(bytes);
  };
  parts.push(Buffer.from('GGUF', 'latin1'));
  u32(3);
  u64(tensors.length);
  u64(Object.keys(metadata).length);
  for (const [key, entry] of Object.entries(metadata)) {
    string(key);
    switch (entry.type) {
      case 'string': u32(8); string(entry.value); break;
      case 'u32': u32(4); u32(entry.value); break;
      case 'u64': u32(10); u64(entry.value); break;
      case 'f32': {
        u32(6);
        const b = Buffer.alloc(4);
        b.writeFloatLE(entry.value);
        parts.push(b);
        break;
      }
      case 'strings': u32(9); u32(8); u64(entry.value.length); for (const item of entry.value) string(item); break;
      case 'f32s': {
        u32(9); u32(6); u64(entry.value.length);
        const b = Buffer.alloc(4 * entry.value.length);
        entry.value.forEach((item, index) => b.writeFloatLE(item, index * 4));
        parts.push(b);
        break;
      }
    }
  }
  for (const [index, tensor] of tensors.entries()) {
    string(tensor.name);
    u32(tensor.dimensions.length);
    for (const dimension of tensor.dimensions) u64(dimension);
    u32(tensor.type);
    u64(index * 32);
  }
  const header = Buffer.concat(parts);
  const padding = (32 - (header.length % 32)) % 32;
  return Buffer.concat([header, Buffer.alloc(padding), Buffer.alloc(dataBytes, 7)]);
}
