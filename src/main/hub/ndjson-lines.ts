import { AppError } from '../../shared/errors.js';
import { decodeUtf8 } from '../../shared/utf8.js';
import { checkJsonText } from '../http/index.js';

export interface NdjsonLimits {
  /** Largest single line (V8 strings top out near 512 MiB, so stay well below). */
  readonly maxLineBytes: number;
  readonly maxTotalBytes: number;
}

export interface NdjsonLine {
  /** 1-based line number in the body, for error messages. */
  readonly number: number;
  readonly value: unknown;
}

const NEWLINE = 0x0a;

/**
 * Parses newline-delimited JSON as it streams in: lines split on "\n" (a trailing newline or
 * none, "\r\n" too), blank lines skipped, each line parsed once it is complete.
 */
export async function* ndjsonLines(source: AsyncIterable<Uint8Array>, limits: NdjsonLimits): AsyncGenerator<NdjsonLine> {
  let partial: Buffer[] = [];
  let partialBytes = 0;
  let total = 0;
  let number = 0;
  for await (const raw of source) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    total += chunk.length;
    if (total > limits.maxTotalBytes) throw tooLarge(`The request body exceeds ${limits.maxTotalBytes} bytes`);
    let start = 0;
    for (let newline = chunk.indexOf(NEWLINE, start); newline !== -1; newline = chunk.indexOf(NEWLINE, start)) {
      const piece = chunk.subarray(start, newline);
      start = newline + 1;
      number++;
      if (partialBytes + piece.length > limits.maxLineBytes) throw lineTooLong(number, limits);
      const line = partialBytes === 0 ? piece : Buffer.concat([...partial, piece], partialBytes + piece.length);
      partial = [];
      partialBytes = 0;
      const value = parseLine(line, number);
      if (value !== undefined) yield { number, value };
    }
    if (start < chunk.length) {
      partial.push(chunk.subarray(start));
      partialBytes += chunk.length - start;
      if (partialBytes > limits.maxLineBytes) throw lineTooLong(number + 1, limits);
    }
  }
  if (partialBytes > 0) {
    number++;
    const value = parseLine(Buffer.concat(partial, partialBytes), number);
    if (value !== undefined) yield { number, value };
  }
}

function parseLine(line: Buffer, number: number): unknown {
  const decoded = decodeUtf8(line);
  if (decoded === undefined) throw new AppError('BadRequest', `Line ${number} of the body is not valid UTF-8`);
  const text = decoded.trim();
  if (text === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new AppError('BadRequest', `Line ${number} of the body is not valid JSON`);
  }
  checkJsonText(value, `Line ${number} of the body`);
  return value;
}

function lineTooLong(number: number, limits: NdjsonLimits): AppError {
  return tooLarge(`Line ${number} of the body exceeds ${limits.maxLineBytes} bytes; upload large files through LFS`);
}

function tooLarge(message: string): AppError {
  return new AppError('PayloadTooLarge', message);
}
