import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.js';
import { ndjsonLines, type NdjsonLine } from './ndjson-lines.js';

const limits = { maxLineBytes: 64, maxTotalBytes: 256 };

async function collect(chunks: readonly string[], custom = limits): Promise<NdjsonLine[]> {
  const lines: NdjsonLine[] = [];
  for await (const line of ndjsonLines(Readable.from(chunks.map((chunk) => Buffer.from(chunk))), custom)) lines.push(line);
  return lines;
}

describe('ndjsonLines', () => {
  it('splits lines across chunk boundaries, with or without a trailing newline', async () => {
    const expected = [
      { number: 1, value: { a: 1 } },
      { number: 2, value: [2] },
    ];
    assert.deepEqual(await collect(['{"a"', ':1}\n[', '2]\n']), expected);
    assert.deepEqual(await collect(['{"a":1}\n[2]']), expected);
  });

  it('skips blank lines and accepts CRLF', async () => {
    assert.deepEqual(await collect(['\n{"a":1}\r\n\r\n  \n"x"\n\n']), [
      { number: 2, value: { a: 1 } },
      { number: 5, value: 'x' },
    ]);
  });

  it('names the line that is not JSON', async () => {
    await assert.rejects(collect(['{"a":1}\n{oops}\n']), (error) => error instanceof AppError && error.status === 400 && /Line 2/.test(error.message));
  });

  it('names the line holding a lone surrogate escape instead of storing it as U+FFFD', async () => {
    await assert.rejects(
      collect(['{"a":1}\n{"summary":"x\\ud800"}\n']),
      (error) => error instanceof AppError && error.status === 400 && /Line 2 .*not valid Unicode/.test(error.message),
    );
    assert.deepEqual(await collect(['"\\ud83d\\ude00"\n']), [{ number: 1, value: '\u{1F600}' }]);
  });

  it('refuses over-long lines and bodies with 413', async () => {
    await assert.rejects(collect([`"${'x'.repeat(100)}"`]), (error) => error instanceof AppError && error.status === 413);
    await assert.rejects(collect(Array.from({ length: 10 }, () => `"${'x'.repeat(40)}"\n`)), (error) => error instanceof AppError && error.status === 413);
  });
});
