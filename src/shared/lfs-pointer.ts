/** Git LFS pointer files (spec v1): exactly three lines, keys in this order, LF endings. */

export const LFS_SPEC_URL = 'https://git-lfs.github.com/spec/v1';
const POINTER_RE = /^version https:\/\/git-lfs\.github\.com\/spec\/v1\noid sha256:([0-9a-f]{64})\nsize (0|[1-9][0-9]*)\n$/;
const SHA256_RE = /^[0-9a-f]{64}$/;

export interface LfsPointer {
  readonly oid: string;
  readonly size: number;
}

export function isSha256(value: string): boolean {
  return SHA256_RE.test(value);
}

export function lfsPointerText(pointer: LfsPointer): string {
  return `version ${LFS_SPEC_URL}\noid sha256:${pointer.oid}\nsize ${pointer.size}\n`;
}

/** Byte length of the pointer text: 125 + the number of digits in the size. */
export function lfsPointerSize(size: number): number {
  return 125 + String(size).length;
}

/** Parses a pointer; undefined when the text is not exactly a v1 pointer. */
export function parseLfsPointer(text: string): LfsPointer | undefined {
  const match = POINTER_RE.exec(text);
  if (!match) return undefined;
  const size = Number(match[2]);
  if (!Number.isSafeInteger(size)) return undefined;
  return { oid: match[1] as string, size };
}
