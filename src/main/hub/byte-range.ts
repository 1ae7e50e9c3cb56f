/** What a `Range` header asks of a representation of `size` bytes. */
export type RangeRequest =
  /** No usable Range: send everything with 200 (RFC 9110 lets a server ignore a range it does not support). */
  | { readonly kind: 'full' }
  /** One satisfiable range, inclusive bounds: send 206. */
  | { readonly kind: 'partial'; readonly start: number; readonly end: number }
  /** Syntactically fine but outside the representation: send 416 with `Content-Range: bytes *\/size`. */
  | { readonly kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes[ \t]*=[ \t]*(\d*)[ \t]*-[ \t]*(\d*)[ \t]*$/i;

/**
 * Parses a single byte range: `bytes=a-b`, `bytes=a-` and the suffix form `bytes=-n`. Several
 * ranges, other units and malformed values are ignored (full response), since HF clients only
 * ever ask for one range and a multipart reply would break them.
 */
export function parseByteRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'full' };
  const match = SINGLE_RANGE.exec(header);
  if (!match) return { kind: 'full' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    const suffix = Number(last);
    if (!Number.isSafeInteger(suffix)) return { kind: 'full' };
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  const end = last === '' ? Number.MAX_SAFE_INTEGER : Number(last);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return { kind: 'full' };
  if (start >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end: Math.min(end, size - 1) };
}
