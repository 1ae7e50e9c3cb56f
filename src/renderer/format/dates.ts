const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** "just now", "5 min ago", "3 h ago", "yesterday", "12 days ago", then the date: "2 Mar 2024". */
export function formatRelativeTime(time: number | null, now: number): string {
  if (time === null || !Number.isFinite(time)) return 'never';
  const age = now - time;
  if (age < MINUTE) return 'just now';
  if (age < HOUR) return `${Math.floor(age / MINUTE)} min ago`;
  if (age < DAY) return `${Math.floor(age / HOUR)} h ago`;
  if (age < 2 * DAY) return 'yesterday';
  if (age < 30 * DAY) return `${Math.floor(age / DAY)} days ago`;
  return formatDate(time);
}

/** A calendar date in UTC, independent of the machine's locale: "2 Mar 2024". */
export function formatDate(time: number): string {
  const date = new Date(time);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][date.getUTCMonth()] ?? '';
  return `${date.getUTCDate()} ${month} ${date.getUTCFullYear()}`;
}

/** Date and time in UTC for tooltips and `<time title>`: "2024-03-02 14:05 UTC". */
export function formatDateTime(time: number): string {
  return `${new Date(time).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}
