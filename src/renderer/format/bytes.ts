import { formatBytes } from '../../shared/format-bytes.js';

export { formatBytes };

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
