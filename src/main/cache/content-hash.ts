import { createHash, type Hash } from 'node:crypto';
import { AppError } from '../../shared/errors.js';
import { objectHeader } from '../../shared/git-objects.js';

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

/** Hashes content the way its etag was computed; `digest()` is compared with the etag before a blob becomes visible. */
export class ContentHash {
  private readonly hash: Hash;

  constructor(
    readonly etag: string,
    size: number,
  ) {
    const kind = hashKindOf(etag);
    if (kind === undefined) {
      throw new AppError('UpstreamUnavailable', `The hub sent etag "${etag}", which is not a sha256 or git SHA-1, so the download cannot be verified`);
    }
    this.hash = kind === 'sha256' ? createHash('sha256') : createHash('sha1').update(objectHeader('blob', size));
  }

  update(chunk: Uint8Array): void {
    this.hash.update(chunk);
  }

  /** Throws IntegrityError unless the content hashed to the etag. */
  verify(what: string): void {
    const actual = this.hash.digest('hex');
    if (actual !== this.etag) {
      throw new AppError('IntegrityError', `${what}: the downloaded bytes hash to ${actual}, expected ${this.etag}`, { expected: this.etag, actual });
    }
  }
}
