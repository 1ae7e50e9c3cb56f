import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChunkedDecoder } from './chunked-decoder.js';

function decode(pieces: readonly string[]): { body: string; done: boolean; rest: number } {
  const decoder = new ChunkedDecoder();
  let body = '';
  let rest = 0;
  for (const piece of pieces) rest = decoder.feed(Buffer.from(piece, 'latin1'), (data) => (body += data.toString('latin1')));
  return { body, done: decoder.done, rest };
}

test('chunks split anywhere, with extensions and trailers, decode to the body', () => {
  const wire = '5;name=v\r\nhello\r\n7\r\n, world\r\n0\r\nx-trailer: 1\r\n\r\n';
  for (let cut = 0; cut <= wire.length; cut++) {
    assert.deepEqual(decode([wire.slice(0, cut), wire.slice(cut)]), { body: 'hello, world', done: true, rest: 0 }, `cut at ${cut}`);
  }
  assert.deepEqual(decode([...wire]), { body: 'hello, world', done: true, rest: 0 });
});

test('bytes after the last chunk are counted, and an unfinished body is not done', () => {
  assert.deepEqual(decode(['3\r\nabc\r\n0\r\n\r\nHTTP/1.1']), { body: 'abc', done: true, rest: 8 });
  assert.equal(decode(['3\r\nabc\r\n']).done, false);
});

test('a malformed framing throws', () => {
  assert.throws(() => decode(['zz\r\n']), /invalid chunk size/);
  assert.throws(() => decode(['3\r\nabcd\r\n']), /longer than its size/);
  assert.throws(() => decode([`${'1'.repeat(5000)}`]), /too long/);
});
