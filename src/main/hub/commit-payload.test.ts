import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.js';
import { parseCommitPayload } from './commit-payload.js';
import type { NdjsonLine } from './ndjson-lines.js';

const oid = 'a'.repeat(64);

async function parse(values: readonly unknown[]) {
  const lines: NdjsonLine[] = values.map((value, index) => ({ number: index + 1, value }));
  return parseCommitPayload(Readable.from(lines));
}

function badRequest(pattern: RegExp) {
  return (error: unknown) => error instanceof AppError && error.status === 400 && pattern.test(error.message);
}

describe('parseCommitPayload', () => {
  it('reads the header and every operation HF clients send', async () => {
    const payload = await parse([
      { key: 'header', value: { summary: 'Upload', description: 'desc', parentCommit: 'b'.repeat(40) } },
      { key: 'file', value: { path: 'a.txt', content: Buffer.from('hi').toString('base64'), encoding: 'base64' } },
      { key: 'file', value: { path: 'u.txt', content: 'plain', encoding: 'utf-8' } },
      { key: 'lfsFile', value: { path: 'w.bin', algo: 'sha256', oid, size: 10 } },
      { key: 'lfsFile', value: { path: 'copy.bin', algo: 'sha256', oid } },
      { key: 'deletedFile', value: { path: 'old.txt' } },
      { key: 'deletedFolder', value: { path: 'logs/' } },
    ]);
    assert.deepEqual(payload.header, { summary: 'Upload', description: 'desc', parentCommit: 'b'.repeat(40) });
    assert.deepEqual(payload.operations, [
      { kind: 'file', path: 'a.txt', data: Buffer.from('hi') },
      { kind: 'file', path: 'u.txt', data: Buffer.from('plain') },
      { kind: 'lfsFile', path: 'w.bin', oid, size: 10 },
      { kind: 'lfsFile', path: 'copy.bin', oid, size: undefined },
      { kind: 'deletedFile', path: 'old.txt' },
      { kind: 'deletedFolder', path: 'logs' },
    ]);
  });

  it('accepts null description and parentCommit (older clients)', async () => {
    const payload = await parse([{ key: 'header', value: { summary: 's', description: null, parentCommit: null } }]);
    assert.deepEqual(payload.header, { summary: 's', description: undefined, parentCommit: undefined });
  });

  it('turns oldPath into a delete of the old path', async () => {
    const payload = await parse([
      { key: 'header', value: { summary: 's' } },
      { key: 'lfsFile', value: { path: 'new.bin', algo: 'sha256', oid, size: 1, oldPath: 'old.bin' } },
    ]);
    assert.deepEqual(payload.operations, [
      { kind: 'deletedFile', path: 'old.bin' },
      { kind: 'lfsFile', path: 'new.bin', oid, size: 1 },
    ]);
  });

  it('refuses unknown keys and fields, copyFile and bad base64, naming the line', async () => {
    const head = { key: 'header', value: { summary: 's' } };
    await assert.rejects(parse([head, { key: 'copyFile', value: {} }]), badRequest(/Line 2.*copyFile/));
    await assert.rejects(parse([head, { key: 'mystery', value: {} }]), badRequest(/Line 2: unknown operation/));
    await assert.rejects(parse([head, { key: 'deletedFile', value: { path: 'a', force: true } }]), badRequest(/Line 2/));
    await assert.rejects(parse([head, { key: 'file', value: { path: 'a', content: 'abc', encoding: 'base64' } }]), badRequest(/base64/));
    await assert.rejects(parse([head, { key: 'file', value: { path: 'a', content: 'ab c', encoding: 'base64' } }]), badRequest(/base64/));
    await assert.rejects(parse([{ key: 'file', value: {} }]), badRequest(/first line must be the "header"/));
    await assert.rejects(parse([]), badRequest(/empty/));
  });
});
