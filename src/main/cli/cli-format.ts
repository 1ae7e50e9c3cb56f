import { AppError } from '../../shared/errors.js';

// Sizes are parsed by the app API too.
export { parseSize } from '../../shared/parse-size.js';

/** A plain text table: columns padded to their widest cell, numbers right-aligned by the caller's choice. */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[], rightAligned: ReadonlySet<number> = new Set()): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (rightAligned.has(column) ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/** "3 days ago", "just now": how long ago a time was, roughly, as `hf cache ls` shows it. */
export function formatAgo(timeMs: number, nowMs: number = Date.now()): string {
  const span = roughly(nowMs - timeMs);
  return span === undefined ? 'just now' : `${span} ago`;
}

/** "in 5 hours", "due": how long until a time, roughly. */
export function formatIn(timeMs: number, nowMs: number = Date.now()): string {
  const span = roughly(timeMs - nowMs);
  return span === undefined ? (timeMs <= nowMs ? 'due' : 'in under a minute') : `in ${span}`;
}

/** "3 days", "1 hour": a span in its largest whole unit; undefined under a minute. */
function roughly(spanMs: number): string | undefined {
  const seconds = Math.max(0, Math.round(spanMs / 1000));
  const units: [number, string][] = [[365 * 86400, 'year'], [30 * 86400, 'month'], [7 * 86400, 'week'], [86400, 'day'], [3600, 'hour'], [60, 'minute']];
  for (const [size, name] of units) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return `${count} ${name}${count === 1 ? '' : 's'}`;
  }
  return undefined;
}

/** "24h", "7d", "30m", "90s", "0": a duration in milliseconds. */
export function parseDuration(value: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhdw]?)$/i.exec(value.trim());
  if (!match?.[1]) throw new AppError('BadRequest', `${flag} must be a duration such as 30m, 24h or 7d (got "${value}")`);
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 }[(match[2] ?? '').toLowerCase() as '' | 's' | 'm' | 'h' | 'd' | 'w'];
  return Math.floor(Number(match[1]) * unit);
}
