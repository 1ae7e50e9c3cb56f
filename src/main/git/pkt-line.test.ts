import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFetchLine, emptyFetchRequest, parseFilter } from './fetch-request.js';
import { entryHeader } from './pack-writer.js';
import { GitProtocolError, MAX_PKT_LENGTH, packetText, pktLine, readPackets, sidebandPkt } from './pkt-line.js';

test('pkt-lines carry their total length in four hex digits; flush, delim and response-end have no payload', () => {
  assert.equal(pktLine('hello\n').toString(), '000ahello\n');
  assert.equal(sidebandPkt(2, 'hi').toString('latin1'), '0007\x02hi');
  const packets = [...readPackets(Buffer.from('000ahello\n000100000002'))];
  assert.deepEqual(packets.map((p) => p.kind), ['data', 'delim', 'flush', 'response-end']);
  const first = packets[0];
  assert.ok(first?.kind === 'data');
  assert.equal(packetText(first.payload), 'hello');
  assert.throws(() => pktLine(Buffer.alloc(MAX_PKT_LENGTH)), /too long/);
});

test('bad lengths and truncated packets are protocol errors', () => {
  for (const bad of ['zzzz', '0003', 'fff1abc', '00', '0010short']) {
    assert.throws(() => [...readPackets(Buffer.from(bad))], GitProtocolError, bad);
  }
});

test('fetch lines: wants with capabilities, haves, shallows, deepen forms and filters; junk is refused', () => {
  const request = emptyFetchRequest();
  const oid = 'a'.repeat(40);
  applyFetchLine(request, `want ${oid} side-band-64k ofs-delta`, new Set());
  applyFetchLine(request, `have ${'b'.repeat(40)}`, new Set());
  applyFetchLine(request, `shallow ${'c'.repeat(40)}`, new Set());
  applyFetchLine(request, 'deepen 3', new Set());
  applyFetchLine(request, 'no-progress', new Set(['no-progress']));
  applyFetchLine(request, 'done', new Set());
  assert.deepEqual(request.wants, [oid]);
  assert.deepEqual(request.deepen, { kind: 'depth', depth: 3 });
  assert.ok(request.options.has('side-band-64k') && request.options.has('no-progress'));
  assert.ok(request.done);
  assert.deepEqual(parseFilter('blob:limit=2k'), { kind: 'blob:limit', limit: 2048 });
  assert.deepEqual(parseFilter('blob:none'), { kind: 'blob:none' });
  for (const bad of ['want xyz', `want ${oid}x`, 'deepen 0', 'deepen -1', 'deepen-since soon', 'filter sparse:oid=x', 'no-progress']) {
    assert.throws(() => applyFetchLine(emptyFetchRequest(), bad, new Set()), GitProtocolError, bad);
  }
});

test('pack entry headers put the type in bits 6-4 and the size in 4 then 7-bit groups', () => {
  assert.deepEqual([...entryHeader('blob', 15)], [0x3f]);
  assert.deepEqual([...entryHeader('commit', 16)], [0x90, 0x01]);
  assert.deepEqual([...entryHeader('tree', 100_000)], [0xa0, 0xea, 0x30]);
});
