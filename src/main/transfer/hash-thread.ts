import { Worker } from 'node:worker_threads';
import { loadNativeBinding, NATIVE_BINDING_PATH } from '../native-binding.js';

/**
 * The worker's whole program. It is plain JavaScript evaluated from a string, so it runs the same
 * from the sources (under tsx) and from dist/, and starts without a module loader.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const Sha256 = workerData.nativePath ? require(workerData.nativePath).Sha256 : undefined;
const hashes = new Map();
parentPort.on('message', (m) => {
  try {
    if (m.op === 'start') {
      const hash = m.algorithm === 'sha256' && Sha256 ? new Sha256(m.state) : createHash(m.algorithm);
      if (m.prefix) hash.update(m.prefix);
      hashes.set(m.id, hash);
    } else if (m.op === 'snapshot') {
      const hash = hashes.get(m.id);
      parentPort.postMessage({ id: m.id, state: hash && hash.state ? hash.state() : undefined });
    } else if (m.op === 'update') {
      hashes.get(m.id).update(new Uint8Array(m.memory, m.offset, m.length));
      parentPort.postMessage({ id: m.id });
    } else if (m.op === 'digest') {
      const hash = hashes.get(m.id);
      hashes.delete(m.id);
      parentPort.postMessage({ id: m.id, digest: hash.digest('hex') });
    } else if (m.op === 'drop') {
      hashes.delete(m.id);
    }
  } catch (error) {
    parentPort.postMessage({ id: m.id, error: String(error && error.message || error) });
  }
});
`;

interface Reply {
  readonly id: number;
  readonly digest?: string;
  readonly state?: Uint8Array;
  readonly error?: string;
}

interface Waiter {
  resolve(reply: Reply): void;
  reject(error: Error): void;
}

/** One hash computed on the shared hashing thread. Updates are hashed in the order they are made. */
export interface ThreadHash {
  /** Resolves once `block` is hashed, after which its memory may be reused. */
  update(block: Uint8Array): Promise<void>;
  digest(): Promise<string>;
  /**
   * The state after every update made so far, to go on from later (start's `state`); undefined
   * where it cannot be saved (SHA-1, no native helper, not at a 64-byte boundary).
   */
  snapshot(): Promise<Uint8Array | undefined>;
  /** Forgets the hash (a transfer that failed). */
  drop(): void;
}

/**
 * A worker thread that hashes large downloads, so the thread that receives the bytes never waits
 * for sha256 (about 0.6 s per GB here, as long as receiving the bytes takes). Blocks in shared
 * memory are hashed in place; others are copied once. The thread keeps the process alive only
 * while it has work.
 */
export class HashThread {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, Waiter[]>();
  private outstanding = 0;

  /** Whether `snapshot` can save sha256 states here (the native helper is built). */
  static get resumable(): boolean {
    return nativeSha256Path() !== undefined;
  }

  /** Starts a hash; `state` (from `snapshot`) goes on from where a saved sha256 stopped. */
  start(algorithm: 'sha256' | 'sha1', prefix?: Uint8Array, state?: Uint8Array): ThreadHash {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    worker.postMessage({ op: 'start', id, algorithm, prefix, state });
    return {
      update: async (block) => {
        const shared = block.buffer instanceof SharedArrayBuffer ? block : copyToShared(block);
        const done = this.expect(id);
        worker.postMessage({ op: 'update', id, memory: shared.buffer, offset: shared.byteOffset, length: shared.byteLength });
        await done;
      },
      digest: async () => {
        const done = this.expect(id);
        worker.postMessage({ op: 'digest', id });
        const { digest } = await done;
        if (digest === undefined) throw new Error('the hashing thread returned no digest');
        return digest;
      },
      snapshot: async () => {
        const done = this.expect(id);
        worker.postMessage({ op: 'snapshot', id });
        return (await done).state;
      },
      drop: () => worker.postMessage({ op: 'drop', id }),
    };
  }

  /** Stops the thread (tests; the process exits fine without it since the thread is unref'd when idle). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private expect(id: number): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const queue = this.waiting.get(id);
      if (queue) queue.push({ resolve, reject });
      else this.waiting.set(id, [{ resolve, reject }]);
      if (this.outstanding++ === 0) this.worker?.ref();
    });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(WORKER_SOURCE, { eval: true, execArgv: [], workerData: { nativePath: nativeSha256Path() } });
    worker.unref();
    worker.on('message', (reply: Reply) => this.settle(reply));
    const failAll = (error: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      const waiters = [...this.waiting.values()].flat();
      this.waiting.clear();
      this.outstanding = 0;
      for (const waiter of waiters) waiter.reject(error);
    };
    worker.on('error', failAll);
    worker.on('exit', (code) => failAll(new Error(`the hashing thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }

  private settle(reply: Reply): void {
    const queue = this.waiting.get(reply.id);
    const waiter = queue?.shift();
    if (queue?.length === 0) this.waiting.delete(reply.id);
    if (!waiter) return;
    if (--this.outstanding === 0) this.worker?.unref();
    if (reply.error !== undefined) waiter.reject(new Error(`hashing failed: ${reply.error}`));
    else waiter.resolve(reply);
  }
}

let sha256Path: string | null | undefined;

/** The native helper's path when it is built and its SHA-256 works in this runtime (checked once). */
function nativeSha256Path(): string | undefined {
  if (sha256Path === undefined) {
    const Sha256 = loadNativeBinding<{ Sha256?: new () => unknown }>()?.Sha256;
    try {
      if (Sha256 !== undefined) new Sha256();
      sha256Path = Sha256 === undefined ? null : NATIVE_BINDING_PATH;
    } catch {
      sha256Path = null;
    }
  }
  return sha256Path ?? undefined;
}

function copyToShared(block: Uint8Array): Uint8Array {
  const shared = new Uint8Array(new SharedArrayBuffer(block.byteLength));
  shared.set(block);
  return shared;
}
