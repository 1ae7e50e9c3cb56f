import { randomBytes } from 'node:crypto';
import type { TransferRecord } from './transfer-state.js';

/** A transfer whose owner has not been heard of for this long is taken over even if its pid looks alive (pid reuse). */
const STALE_MS = 60_000;

/** An owner id for this process: "<pid>:<random>". */
export function newOwnerId(): string {
  return `${process.pid}:${randomBytes(6).toString('hex')}`;
}

/**
 * Whether a persisted transfer may be resumed by `me`: nobody owns it, `me` owned it (an
 * earlier attempt that was interrupted), its owner process is gone (killed), or it has not
 * reported progress for a minute.
 */
export function canTakeOver(record: TransferRecord, me: string, now: number): boolean {
  if (record.owner === null || record.owner === me) return true;
  if (now - record.heartbeatAt > STALE_MS) return true;
  const pid = Number(record.owner.split(':')[0]);
  return !Number.isSafeInteger(pid) || (pid !== process.pid && !processAlive(pid));
}

/** Whether a process with this id exists on this host (EPERM: it does, owned by another user). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
