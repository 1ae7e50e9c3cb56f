import { AppError } from '../../../shared/errors.js';

/** Reads `length` bytes of one file from `start` (a ranged GET on a hub; a buffer in tests). */
export type RangeRead = (start: number, length: number) => Promise<Buffer>;

/** Headers longer than this are refused: no real model has one, and reading it would cost memory. */
export const MAX_HEADER_BYTES = 100_000_000;

/** A header the file does not hold as its format says: one line naming the file and what is wrong. */
export function malformed(label: string, problem: string): AppError {
  return new AppError('UnprocessableEntity', `${label}: ${problem}`);
}

/** Reads exactly the bytes asked for, or says the file is shorter than its header claims. */
export async function readExactly(read: RangeRead, start: number, length: number, fileSize: number, label: string): Promise<Buffer> {
  if (start + length > fileSize) throw malformed(label, `truncated header: it needs ${start + length} bytes but the file has ${fileSize}`);
  if (length === 0) return Buffer.alloc(0);
  const bytes = await read(start, length);
  if (bytes.length < length) throw malformed(label, `truncated header: got ${start + bytes.length} of ${start + length} bytes`);
  return bytes.subarray(0, length);
}
