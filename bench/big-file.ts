import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Writes `bytes` of incompressible data, every 4 MiB block different, for the large-file benchmarks. */
export function makeBigFile(file: string, bytes: number): void {
  const block = randomBytes(4 * 1024 * 1024);
  const fd = openSync(file, 'w');
  try {
    for (let written = 0, n = 0; written < bytes; written += block.length, n++) {
      block.writeUInt32LE(n, 0);
      writeSync(fd, block, 0, Math.min(block.length, bytes - written));
    }
  } finally {
    closeSync(fd);
  }
}

/** A big `model.safetensors` (see makeBigFile) in the new folder `dir`; returns its path. */
export function makeBigModelFile(dir: string, bytes: number): string {
  mkdirSync(dir);
  const file = join(dir, 'model.safetensors');
  makeBigFile(file, bytes);
  return file;
}
