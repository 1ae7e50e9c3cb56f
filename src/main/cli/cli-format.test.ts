import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatAgo, formatIn, parseDuration, parseSize, renderTable } from './cli-format.js';

describe('cli formatting', () => {
  it('renders aligned tables', () => {
    assert.equal(renderTable(['REPO', 'SIZE'], [['acme/a', '1.2 GB'], ['b', '3 KB']], new Set([1])), 'REPO      SIZE\n------  ------\nacme/a  1.2 GB\nb         3 KB');
  });

  it('says how long ago', () => {
    assert.equal(formatAgo(0, 3 * 86_400_000 + 5), '3 days ago');
    assert.equal(formatAgo(0, 3_600_000), '1 hour ago');
    assert.equal(formatAgo(1000, 1000), 'just now');
  });

  it('says how long until', () => {
    assert.equal(formatIn(5 * 3_600_000 + 10, 10), 'in 5 hours');
    assert.equal(formatIn(30_000, 0), 'in under a minute');
    assert.equal(formatIn(0, 10), 'due');
  });

  it('parses sizes and durations', () => {
    assert.equal(parseSize('50G', '--max-size'), 50e9);
    assert.equal(parseSize('1.5GiB', '--max-size'), 1.5 * 1024 ** 3);
    assert.equal(parseSize('500MB', '--max-size'), 500e6);
    assert.equal(parseSize('1000', '--max-size'), 1000);
    assert.throws(() => parseSize('big', '--max-size'), /--max-size must be a size/);
    assert.equal(parseDuration('24h', '--older-than'), 86_400_000);
    assert.equal(parseDuration('0', '--older-than'), 0);
    assert.equal(parseDuration('7d', '--older-than'), 7 * 86_400_000);
    assert.throws(() => parseDuration('soon', '--older-than'), /--older-than must be a duration/);
  });
});
