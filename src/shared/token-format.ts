/** Every token starts with this: `@huggingface/hub` refuses tokens without it. */
export const TOKEN_PREFIX = 'hf_';

/** What we accept as a token: the prefix and at least 8 URL-safe characters. */
export const TOKEN_PATTERN = /^hf_[A-Za-z0-9_-]{8,}$/;

export function isTokenFormat(value: string): boolean {
  return value.length <= 256 && TOKEN_PATTERN.test(value);
}
