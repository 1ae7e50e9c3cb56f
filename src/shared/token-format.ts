/** Every token starts with this: `@huggingface/hub` refuses tokens without it. */
export const TOKEN_PREFIX = 'hf_';

/** What we accept as a token: the prefix and at least 8 URL-safe characters. */
export const TOKEN_PATTERN = /^hf_[A-Za-z0-9_-]{8,}$/;

export function isTokenFormat(value: string): boolean {
  return value.length <= 256 && TOKEN_PATTERN.test(value);
}

/** Python's `_clean_token`: newlines removed, spaces trimmed, empty means none. */
export function cleanToken(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const cleaned = value.replace(/[\r\n]/g, '').trim();
  return cleaned === '' ? undefined : cleaned;
}
