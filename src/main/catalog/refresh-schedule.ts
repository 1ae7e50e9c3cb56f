import { AppError } from '../../shared/errors.js';
import type { TrackedRepo } from './tracked-repo.js';

/** A tracked remote repo is checked daily unless told otherwise. */
export const DEFAULT_EVERY_MS = 24 * 60 * 60 * 1000;

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `--every`: "30m", "6h", "24h", "2d" (or "90s") in ms; "never" is null (refreshed on demand only). */
export function parseEvery(value: string): number | null {
  const text = value.trim().toLowerCase();
  if (text === 'never') return null;
  const match = /^(\d+)\s*([smhd])$/.exec(text);
  const count = Number(match?.[1] ?? 0);
  if (!match || count <= 0) throw new AppError('BadRequest', `--every must be a period such as 30m, 6h, 24h or 2d, or never (got "${value}")`);
  return count * UNIT_MS[match[2] as keyof typeof UNIT_MS];
}

/** "24h", "30m", "never": a schedule as `--every` takes it. */
export function formatEvery(everyMs: number | null): string {
  if (everyMs === null) return 'never';
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    if (everyMs % UNIT_MS[unit] === 0) return `${everyMs / UNIT_MS[unit]}${unit}`;
  }
  return `${everyMs}ms`;
}

/**
 * When a scheduled refresh next checks a repo: one period after its last attempt (a good refresh
 * or a failed one, so a hub that is down is not asked again at once); a repo never tried is due
 * when it was added. Null for a repo refreshed on demand only.
 */
export function nextRefreshAt(repo: Pick<TrackedRepo, 'everyMs' | 'addedAt' | 'checkedAt' | 'errorAt'>): number | null {
  if (repo.everyMs === null) return null;
  const lastAttempt = Math.max(repo.checkedAt ?? 0, repo.errorAt ?? 0);
  return lastAttempt === 0 ? repo.addedAt : lastAttempt + repo.everyMs;
}
