/** Time left for a transfer: "12 s", "4 min 05 s", "2 h 07 min", "3 days"; unknown shows "—". */
export function formatEta(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const total = Math.ceil(seconds);
  if (total < 60) return `${total} s`;
  if (total < 3600) return `${Math.floor(total / 60)} min ${pad(total % 60)} s`;
  if (total < 86_400) return `${Math.floor(total / 3600)} h ${pad(Math.floor((total % 3600) / 60))} min`;
  const days = Math.round(total / 86_400);
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
