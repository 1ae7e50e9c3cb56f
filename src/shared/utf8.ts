/** Strict UTF-8: invalid bytes fail instead of turning into U+FFFD (which would then be stored). */
const strictDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of UTF-8 bytes, or undefined when they are not valid UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictDecoder.decode(bytes);
  } catch {
    return undefined;
  }
}

/** False for text holding a lone UTF-16 surrogate (from a JSON "\ud800" escape): it has no UTF-8 form. */
export function isWellFormedText(text: string): boolean {
  return !/\p{Surrogate}/u.test(text);
}
