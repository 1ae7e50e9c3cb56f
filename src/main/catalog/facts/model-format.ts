import type { ModelFormat } from './model-facts.js';

const BY_EXTENSION: Readonly<Record<string, ModelFormat>> = {
  safetensors: 'safetensors',
  gguf: 'gguf',
  bin: 'pickle',
  pt: 'pickle',
  pth: 'pickle',
  ckpt: 'pickle',
  pkl: 'pickle',
  onnx: 'onnx',
};

/** The extensions (lowercase) of weights files: those weightsFormat knows. */
export const WEIGHTS_EXTENSIONS: readonly string[] = Object.keys(BY_EXTENSION);

/** The weights format a file name says (pickle for PyTorch's .bin/.pt/.pth/.ckpt), if any. */
export function weightsFormat(path: string): ModelFormat | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? undefined : BY_EXTENSION[name.slice(dot + 1).toLowerCase()];
}

/** The GGUF variant a file belongs to: split parts (`-00001-of-00003`) are one variant. */
export function ggufVariant(path: string): string {
  return path.replace(/-\d{5}-of-\d{5}(?=\.gguf$)/i, '');
}

/** torch dtype names ("bfloat16", "torch.float16") as safetensors names them (BF16, F16). */
export function dtypeName(dtype: string): string {
  const name = dtype.replace(/^torch\./, '').toLowerCase();
  const known: Readonly<Record<string, string>> = {
    float32: 'F32', float: 'F32', float16: 'F16', half: 'F16', bfloat16: 'BF16', float64: 'F64', double: 'F64',
    int8: 'I8', uint8: 'U8', float8_e4m3fn: 'F8_E4M3', float8_e5m2: 'F8_E5M2',
  };
  return known[name] ?? dtype.toUpperCase();
}
