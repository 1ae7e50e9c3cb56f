// What a push of N bytes to a hub on this machine cannot go below, measured in the run: the
// receiving hub must sha256 every byte it receives (to refuse content that does not match its
// oid) and write every byte to its disk durably (fsynced before it answers). Both are measured
// here on the same machine and disk as the benchmark's hubs.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';

const BLOCK = 4 * 1024 * 1024;
const HASHED = 512 * 1024 * 1024;
/** Files written at once, as the hub receives four objects at once. */
const STREAMS = 4;

/** sha256 bytes per second on one core (node's crypto: OpenSSL, the same SHA extensions Python's hashlib uses). */
export function sha256BytesPerSecondPerCore(): number {
  const block = randomBytes(BLOCK);
  const hash = createHash('sha256');
  const start = process.hrtime.bigint();
  for (let done = 0; done < HASHED; done += BLOCK) hash.update(block);
  hash.digest();
  return HASHED / (Number(process.hrtime.bigint() - start) / 1e9);
}

/**
 * Bytes per second this disk takes durably: `bytes` written as the hub writes an upload (4 MiB
 * blocks around the page cache, then fsync), in STREAMS files at once, with dd.
 */
export async function durableWriteBytesPerSecond(dir: string, bytes: number): Promise<number> {
  const blocks = Math.max(1, Math.round(bytes / STREAMS / BLOCK));
  const files = Array.from({ length: STREAMS }, (_, i) => join(dir, `floor-${i}.bin`));
  const start = process.hrtime.bigint();
  try {
    await Promise.all(
      files.map(
        (file) =>
          new Promise<void>((resolve, reject) =>
            execFile('dd', ['if=/dev/zero', `of=${file}`, `bs=${BLOCK}`, `count=${blocks}`, 'oflag=direct', 'conv=fsync', 'status=none'], (error) => (error ? reject(new Error(`dd: ${error.message}`)) : resolve())),
          ),
      ),
    );
    return (blocks * BLOCK * STREAMS) / (Number(process.hrtime.bigint() - start) / 1e9);
  } finally {
    for (const file of files) rmSync(file, { force: true });
  }
}

export interface PushFloor {
  readonly cores: number;
  readonly sha256PerCore: number;
  readonly durableWrite: number;
  /** Seconds to hash the bytes on every core at once. */
  readonly hashSeconds: number;
  /** Seconds to write the bytes durably. */
  readonly writeSeconds: number;
  /** The larger of the two: the push cannot be faster even if all else took no time. */
  readonly seconds: number;
}

/** The floor of pushing `bytes` to a hub whose data is under `dir`, measured now (writes up to 1 GB there). */
export async function measurePushFloor(dir: string, bytes: number): Promise<PushFloor> {
  const cores = availableParallelism();
  const sha256PerCore = sha256BytesPerSecondPerCore();
  const durableWrite = await durableWriteBytesPerSecond(dir, Math.min(bytes, 1e9));
  const hashSeconds = bytes / (sha256PerCore * cores);
  const writeSeconds = bytes / durableWrite;
  return { cores, sha256PerCore, durableWrite, hashSeconds, writeSeconds, seconds: Math.max(hashSeconds, writeSeconds) };
}
