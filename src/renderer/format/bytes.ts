const UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'] as const;

/**
 * A byte count for people, in decimal units as Hugging Face and file managers show them:
 * "0 B", "999 B", "1.5 kB", "12.3 MB", "124 GB". Three significant digits at most.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return `${Math.round(bytes)} B`;
  let value = bytes;
  let unit = 0;
  while (value >= 999.5 && unit < UNITS.length - 1) {
    value /= 1000;
    unit++;
  }
  const digits = value >= 99.95 ? 0 : value >= 9.995 ? 1 : 2;
  return `${trimZeros(value.toFixed(digits))} ${UNITS[unit] ?? 'B'}`;
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/** Transfer speed: "3.2 MB/s"; an idle transfer shows "—". */
export function formatSpeed(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '—';
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** "40%" of a transfer; 0 total counts as done. Never rounds up to 100% before the end. */
export function formatPercent(done: number, total: number): string {
  if (total <= 0) return '100%';
  const percent = Math.min(100, (done / total) * 100);
  return `${percent >= 100 || done >= total ? 100 : Math.min(99, Math.floor(percent))}%`;
}
