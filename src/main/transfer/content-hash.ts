import { createHash, type Hash } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import { objectHeader } from '../../shared/git-objects.js';
import type { HashThread } from './hash-thread.js';

/** How a blob's name (its etag) relates to its bytes: sha256 for LFS files, git blob SHA-1 for regular ones. */
export type ContentHashKind = 'sha256' | 'git-sha1';

/** Strips `W/` and quotes, as Python's `_normalize_etag` does. */
export function normalizeEtag(raw: string): string {
  return raw.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
}

/** The hash that names a blob, from the shape of its etag; undefined when the etag is not a content hash. */
export function hashKindOf(etag: string): ContentHashKind | undefined {
  if (/^[0-9a-f]{64}$/.test(etag)) return 'sha256';
  if (/^[0-9a-f]{40}$/.test(etag)) return 'git-sha1';
  return undefined;
}

interface HashSpec {
  readonly algorithm: 'sha256' | 'sha1';
  /** Bytes hashed before the content (the git object header of a regular file). */
  readonly prefix: Uint8Array | undefined;
}

function hashSpec(etag: string, size: number): HashSpec {
  const kind = hashKindOf(etag);
  if (kind === undefined) {
    throw new AppError('UpstreamUnavailable', `The hub sent etag "${etag}", which is not a sha256 or git SHA-1, so the download cannot be verified`);
  }
  return kind === 'sha256' ? { algorithm: 'sha256', prefix: undefined } : { algorithm: 'sha1', prefix: objectHeader('blob', size) };
}

function checkDigest(actual: string, etag: string, what: string): void {
  if (actual !== etag) {
    throw new AppError('IntegrityError', `${what}: the downloaded bytes hash to ${actual}, expected ${etag}`, { expected: etag, actual });
  }
}

/** Hashes content the way its etag was computed; `digest()` is compared with the etag before a blob becomes visible. */
export class ContentHash {
  private readonly hash: Hash;

  constructor(
    readonly etag: string,
    size: number,
  ) {
    const spec = hashSpec(etag, size);
    this.hash = createHash(spec.algorithm);
    if (spec.prefix) this.hash.update(spec.prefix);
  }

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }

  /** Throws IntegrityError unless the content hashed to the etag. */
  verify(what: string): void {
    checkDigest(this.hash.digest('hex'), this.etag, what);
  }

  /** Whether the content hashed to the etag (instead of `verify`'s error). */
  matches(): boolean {
    return this.hash.digest('hex') === this.etag;
  }
}

/** The hash of a file being transferred, fed block by block in byte order. */
export interface TransferHash {
  /** Resolves once the block is hashed; its memory must not change until then. */
  update(block: Uint8Array): Promise<void>;
  /** Rejects with IntegrityError unless the content hashed to the etag. */
  verify(what: string): Promise<void>;
  /** The state after every update so far, to resume from (see ThreadHash.snapshot); undefined where it cannot be saved. */
  snapshot(): Promise<Uint8Array | undefined>;
  /** Abandons the hash (a failed transfer). */
  drop(): void;
}

/** Files at least this large are hashed on the hashing thread; smaller ones inline (a message per block would cost more). */
export const THREAD_HASH_MIN_SIZE = 32 * 1024 * 1024;

/**
 * A hash for a transfer: on `thread` when given and the file is large, else on this thread.
 * `state` goes on from a snapshot (only a large sha256 file on the thread has one).
 */
export function transferHash(etag: string, size: number, thread: HashThread | undefined, state?: Uint8Array): TransferHash {
  if (thread === undefined || size < THREAD_HASH_MIN_SIZE) {
    if (state !== undefined) throw new Error('a saved hash state needs the hashing thread');
    const hash = new ContentHash(etag, size);
    return {
      update: (block) => {
        hash.update(block);
        return Promise.resolve();
      },
      verify: (what) => {
        try {
          hash.verify(what);
          return Promise.resolve();
        } catch (error) {
          return Promise.reject(error instanceof Error ? error : new Error(String(error)));
        }
      },
      snapshot: () => Promise.resolve(undefined),
      drop: () => undefined,
    };
  }
  const spec = hashSpec(etag, size);
  const hash = thread.start(spec.algorithm, spec.prefix, state);
  return {
    update: (block) => hash.update(block),
    verify: async (what) => checkDigest(await hash.digest(), etag, what),
    snapshot: () => hash.snapshot(),
    drop: () => hash.drop(),
  };
}
