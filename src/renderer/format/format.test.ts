import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatBytes, formatPercent, formatSpeed } from './bytes.js';
import { formatDate, formatDateTime, formatRelativeTime } from './dates.js';
import { formatEta } from './durations.js';
import { shortHash } from './oids.js';

describe('formatBytes', () => {
  it('uses decimal units with at most three significant digits', () => {
    const cases: Array<[number, string]> = [
      [0, '0 B'],
      [999, '999 B'],
      [1000, '1 kB'],
      [1536, '1.54 kB'],
      [12_345_678, '12.3 MB'],
      [999_999, '1 MB'],
      [124_000_000_000, '124 GB'],
      [5.5e15, '5.5 PB'],
      [2e18, '2000 PB'],
    ];
    for (const [bytes, text] of cases) assert.equal(formatBytes(bytes), text, String(bytes));
  });

  it('shows a dash for impossible values', () => {
    assert.equal(formatBytes(-1), '—');
    assert.equal(formatBytes(Number.NaN), '—');
  });
});

describe('formatSpeed', () => {
  it('adds /s and shows a dash when idle', () => {
    assert.equal(formatSpeed(3_200_000), '3.2 MB/s');
    assert.equal(formatSpeed(0), '—');
  });
});

describe('formatPercent', () => {
  it('never claims 100% before the last byte', () => {
    assert.equal(formatPercent(0, 100), '0%');
    assert.equal(formatPercent(999, 1000), '99%');
    assert.equal(formatPercent(1000, 1000), '100%');
    assert.equal(formatPercent(0, 0), '100%');
  });
});

describe('formatEta', () => {
  it('picks the two largest units', () => {
    assert.equal(formatEta(0), '0 s');
    assert.equal(formatEta(12.2), '13 s');
    assert.equal(formatEta(245), '4 min 05 s');
    assert.equal(formatEta(7620), '2 h 07 min');
    assert.equal(formatEta(86_400), '1 day');
    assert.equal(formatEta(3 * 86_400), '3 days');
  });

  it('shows a dash when unknown', () => {
    assert.equal(formatEta(null), '—');
    assert.equal(formatEta(Number.POSITIVE_INFINITY), '—');
    assert.equal(formatEta(-5), '—');
  });
});

describe('dates', () => {
  const now = Date.UTC(2024, 2, 20, 12, 0, 0);

  it('says how long ago, then falls back to the date', () => {
    assert.equal(formatRelativeTime(now - 10_000, now), 'just now');
    assert.equal(formatRelativeTime(now - 5 * 60_000, now), '5 min ago');
    assert.equal(formatRelativeTime(now - 3 * 3_600_000, now), '3 h ago');
    assert.equal(formatRelativeTime(now - 30 * 3_600_000, now), 'yesterday');
    assert.equal(formatRelativeTime(now - 12 * 86_400_000, now), '12 days ago');
    assert.equal(formatRelativeTime(Date.UTC(2023, 0, 2), now), '2 Jan 2023');
    assert.equal(formatRelativeTime(null, now), 'never');
  });

  it('formats dates in UTC, whatever the locale', () => {
    assert.equal(formatDate(Date.UTC(2024, 2, 2, 23, 59)), '2 Mar 2024');
    assert.equal(formatDateTime(Date.UTC(2024, 2, 2, 14, 5)), '2024-03-02 14:05 UTC');
  });
});

describe('shortHash', () => {
  it('keeps 7 characters', () => {
    assert.equal(shortHash('0123456789abcdef'), '0123456');
  });
});

describe('explainDownloadError', () => {
  it('explains gated repos, missing tokens and a full disk in plain words', async () => {
    const { explainDownloadError } = await import('./download-errors.js');
    assert.match(explainDownloadError({ code: 'GatedRepo', message: '' }).summary, /gated/);
    assert.match(explainDownloadError({ code: 'Unauthorized', message: '' }).action, /token/);
    assert.match(explainDownloadError({ code: 'InsufficientStorage', message: '' }).summary, /disk is full/);
    assert.match(explainDownloadError({ code: 'Whatever', message: '' }).summary, /unexpected/);
  });
});
