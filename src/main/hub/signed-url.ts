import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';

/** What a signed transfer URL lets its holder do, for one object of one repo, until it expires. */
export const TRANSFER_ACTIONS = ['upload', 'verify', 'download', 'part', 'complete'] as const;
export type TransferAction = (typeof TRANSFER_ACTIONS)[number];

const grantSchema = z.strictObject({
  a: z.enum(TRANSFER_ACTIONS),
  r: z.number().int().positive(),
  o: z.string().regex(/^[0-9a-f]{64}$/),
  s: z.number().int().nonnegative(),
  e: z.number().int().positive(),
  /** Multipart: upload id, part size, part number. */
  u: z.string().optional(),
  c: z.number().int().positive().optional(),
  n: z.number().int().positive().optional(),
});

type GrantPayload = z.infer<typeof grantSchema>;

export interface TransferGrant {
  readonly action: TransferAction;
  readonly repoId: number;
  readonly oid: string;
  readonly size: number;
  /** Unix seconds. */
  readonly expires: number;
  readonly uploadId?: string;
  readonly chunkSize?: number;
  readonly part?: number;
}

/** Each grant field and its one-letter name in the signed payload (short transfer URLs), in payload order. */
const NAMES: readonly (readonly [keyof TransferGrant, keyof GrantPayload])[] = [
  ['action', 'a'],
  ['repoId', 'r'],
  ['oid', 'o'],
  ['size', 's'],
  ['expires', 'e'],
  ['uploadId', 'u'],
  ['chunkSize', 'c'],
  ['part', 'n'],
];

const DOMAIN = 'hubkeeper-lfs-transfer-v1\n';
const FORBIDDEN = 'This transfer URL is invalid or has expired; ask the LFS batch API for a new one';

/**
 * Signs and checks the short-lived URLs of LFS transfers. Both HF clients send those requests
 * without an Authorization header, so the URL itself (HMAC over the grant) is the credential.
 */
export class TransferSigner {
  constructor(
    private readonly key: Buffer,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /** The query string (without "?") that carries a grant. */
  sign(grant: TransferGrant): string {
    const payload = Buffer.from(
      JSON.stringify(renameFields(grant, NAMES)),
    ).toString('base64url');
    return `g=${payload}&sig=${this.mac(payload)}`;
  }

  /** The grant in a request's query if its signature is ours, it has not expired and it is for `action` on `oid`; else 403. */
  verify(query: unknown, action: TransferAction, oid: string): TransferGrant {
    const { g, sig } = (typeof query === 'object' && query !== null ? query : {}) as { g?: unknown; sig?: unknown };
    if (typeof g !== 'string' || typeof sig !== 'string') throw forbidden();
    const expected = Buffer.from(this.mac(g));
    const given = Buffer.from(sig);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw forbidden();
    let parsed: GrantPayload;
    try {
      parsed = grantSchema.parse(JSON.parse(Buffer.from(g, 'base64url').toString('utf8')));
    } catch {
      throw forbidden();
    }
    if (parsed.a !== action || parsed.o !== oid || parsed.e * 1000 < this.nowMs()) throw forbidden();
    return renameFields(parsed, NAMES.map(([field, name]) => [name, field])) as unknown as TransferGrant;
  }

  /** The ETag a part upload answers with: derived from the part, so completion can check it without state. */
  partEtag(uploadId: string, part: number, length: number): string {
    return `"${createHmac('sha256', this.key).update(`part\n${uploadId}\n${part}\n${length}`).digest('hex').slice(0, 32)}"`;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(DOMAIN + payload).digest('base64url');
  }
}

/** The set fields of `record` under new names, in the order of `renames` ([from, to] pairs). */
function renameFields(record: object, renames: readonly (readonly [string, string])[]): Record<string, unknown> {
  const fields = record as Record<string, unknown>;
  const renamed: Record<string, unknown> = {};
  for (const [from, to] of renames) if (fields[from] !== undefined) renamed[to] = fields[from];
  return renamed;
}

function forbidden(): AppError {
  return new AppError('Forbidden', FORBIDDEN);
}

/** Where transfer URLs live: under `/-/`, which no repo or user can be named. */
export const TRANSFER_ROUTE_PREFIX = '/-/lfs';

/** The absolute URL of a transfer, on the origin the client used. */
export function transferUrl(base: string, signer: TransferSigner, grant: TransferGrant): string {
  return `${base}${TRANSFER_ROUTE_PREFIX}/${grant.action}/${grant.oid}?${signer.sign(grant)}`;
}
