import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAddressDraft, checkThresholdDraft, isOpenToNetwork } from './server-settings-draft.js';

describe('checkThresholdDraft', () => {
  it('gives the bytes to send and how they read', () => {
    assert.deepEqual(checkThresholdDraft('10 MiB'), { ok: true, value: { bytes: 10_485_760, reads: '10.5 MB (10,485,760 bytes)' } });
    assert.deepEqual(checkThresholdDraft('2048'), { ok: true, value: { bytes: 2048, reads: '2.05 kB (2,048 bytes)' } });
  });

  it('explains empty, unreadable and out-of-range input', () => {
    const problem = (text: string): string => {
      const checked = checkThresholdDraft(text);
      return checked.ok ? '' : checked.problem;
    };
    assert.match(problem(' '), /Enter a size/);
    assert.match(problem('lots'), /"lots" is not a size/);
    assert.match(problem('100'), /from 1,024 bytes \(1 KiB\)/);
    assert.match(problem('2 GiB'), /to 1,073,741,824 bytes \(1 GiB\)/);
  });
});

describe('checkAddressDraft', () => {
  it('normalises a good address and explains a bad one', () => {
    assert.deepEqual(checkAddressDraft(' [::1]:7870'), { ok: true, value: '[::1]:7870' });
    assert.deepEqual(checkAddressDraft('0.0.0.0:8080'), { ok: true, value: '0.0.0.0:8080' });
    const bad = checkAddressDraft('localhost');
    assert.ok(!bad.ok && /needs a port/.test(bad.problem));
  });

  it('knows which addresses open the hub to the network', () => {
    assert.equal(isOpenToNetwork('0.0.0.0:7870'), true);
    assert.equal(isOpenToNetwork('[::]:7870'), true);
    assert.equal(isOpenToNetwork('127.0.0.1:7870'), false);
    assert.equal(isOpenToNetwork('nonsense'), false);
  });
});
