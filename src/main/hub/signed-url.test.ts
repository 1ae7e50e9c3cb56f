import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AppError } from '../../shared/errors.js';
import { TransferSigner, type TransferGrant } from './signed-url.js';

const oid = 'c'.repeat(64);
const now = 1_700_000_000_000;
const grant: TransferGrant = { action: 'part', repoId: 3, oid, size: 100, expires: now / 1000 + 60, uploadId: 'u'.repeat(24), chunkSize: 40, part: 2 };

function query(signed: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(signed));
}

const forbidden = (error: unknown) => error instanceof AppError && error.status === 403;

describe('TransferSigner', () => {
  it('round-trips a grant', () => {
    const signer = new TransferSigner(Buffer.alloc(32, 7), () => now);
    assert.deepEqual(signer.verify(query(signer.sign(grant)), 'part', oid), grant);
  });

  it('refuses another action, another oid, an expired grant and another key', () => {
    const signer = new TransferSigner(Buffer.alloc(32, 7), () => now);
    const signed = query(signer.sign(grant));
    assert.throws(() => signer.verify(signed, 'upload', oid), forbidden);
    assert.throws(() => signer.verify(signed, 'part', 'd'.repeat(64)), forbidden);
    const later = new TransferSigner(Buffer.alloc(32, 7), () => now + 61_000);
    assert.throws(() => later.verify(signed, 'part', oid), forbidden);
    const other = new TransferSigner(Buffer.alloc(32, 8), () => now);
    assert.throws(() => other.verify(signed, 'part', oid), forbidden);
    assert.throws(() => signer.verify({}, 'part', oid), forbidden);
    assert.throws(() => signer.verify({ g: 'x', sig: signed.sig }, 'part', oid), forbidden);
  });

  it('derives part ETags from the part, so they can be checked without state', () => {
    const signer = new TransferSigner(Buffer.alloc(32, 7));
    assert.equal(signer.partEtag('id', 1, 10), signer.partEtag('id', 1, 10));
    assert.notEqual(signer.partEtag('id', 1, 10), signer.partEtag('id', 2, 10));
    assert.match(signer.partEtag('id', 1, 10), /^"[0-9a-f]{32}"$/);
  });
});
