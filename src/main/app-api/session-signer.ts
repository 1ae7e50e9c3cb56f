import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** What a session cookie grants: the machine owner (sign-in link) or a hub token's user. */
export type SessionGrant =
  | { readonly kind: 'owner' }
  | { readonly kind: 'token'; readonly user: string; readonly tokenId: number };

const payloadSchema = z.object({
  v: z.literal(1),
  exp: z.number().int(),
  grant: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('owner') }),
    z.object({ kind: z.literal('token'), user: z.string().min(1), tokenId: z.number().int() }),
  ]),
});

/**
 * Signs session payloads with an HMAC key kept in the data folder, so sessions survive a core
 * restart (the UI reconnects without signing in again) and nothing about them is stored.
 */
export class SessionSigner {
  constructor(private readonly key: Buffer) {}

  sign(grant: SessionGrant, expiresAt: number): string {
    const body = Buffer.from(JSON.stringify({ v: 1, exp: expiresAt, grant })).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The grant of a cookie value this key signed and that has not expired; undefined otherwise. */
  verify(value: string, now: number): SessionGrant | undefined {
    const dot = value.indexOf('.');
    if (dot <= 0) return undefined;
    const body = value.slice(0, dot);
    const given = Buffer.from(value.slice(dot + 1), 'base64url');
    const expected = Buffer.from(this.mac(body), 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    } catch {
      return undefined;
    }
    const result = payloadSchema.safeParse(parsed);
    if (!result.success || result.data.exp <= now) return undefined;
    return result.data.grant;
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
