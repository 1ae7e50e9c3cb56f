import { createHash, randomBytes } from 'node:crypto';
import { TOKEN_PREFIX } from '../../shared/token-format.js';

const URL_SAFE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const TOKEN_CHARS = 34;

/** A new token: the prefix and 34 URL-safe characters (204 random bits). */
export function generateToken(): string {
  // 64 symbols divide 256 evenly, so masking each byte keeps the characters uniform.
  const bytes = randomBytes(TOKEN_CHARS);
  let body = '';
  for (const byte of bytes) body += URL_SAFE[byte & 63];
  return TOKEN_PREFIX + body;
}

/** What the database stores instead of the token: its sha256, hex. */
export function hashToken(plainToken: string): string {
  return createHash('sha256').update(plainToken, 'utf8').digest('hex');
}
