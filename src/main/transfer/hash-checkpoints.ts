import type { TransferHash } from './content-hash.js';
import type { DownloadRangeRow } from '../db/index.js';

/** A saved hash state: the hash of the file's first `position` bytes, to go on from after a restart. */
export interface HashCheckpoint {
  readonly position: number;
  readonly state: Uint8Array;
}

/** Snapshots kept while they wait for the fsync that makes them safe to resume from. */
const KEPT_SNAPSHOTS = 4;

/**
 * The hash checkpoints of one transfer. A resumed download goes on from the newest one instead
 * of hashing again every byte already on disk, so a checkpoint must only cover bytes that were
 * hashed as they arrived and are durably on disk: a snapshot is taken when a datasync starts and
 * becomes resumable once a later datasync, started after its bytes were written, has finished.
 */
export class HashCheckpoints {
  private pending: HashCheckpoint[] = [];

  constructor(private durable: HashCheckpoint | undefined = undefined) {}

  /** The newest checkpoint whose bytes are fsynced (what progress records save). */
  latest(): HashCheckpoint | undefined {
    return this.durable;
  }

  /** Snapshots the hash, whose frontier is `position` (every byte before it was handed to the hash). */
  async take(hash: TransferHash, position: number): Promise<void> {
    if (position <= (this.durable?.position ?? 0)) return;
    const state = await hash.snapshot().catch(() => undefined);
    if (state === undefined) return;
    this.pending.push({ position, state });
    if (this.pending.length > KEPT_SNAPSHOTS) this.pending.shift();
  }

  /** Every byte before `syncedUpTo` is fsynced: the snapshots within it become resumable. */
  synced(syncedUpTo: number): void {
    const within = this.pending.filter((checkpoint) => checkpoint.position <= syncedUpTo);
    if (within.length === 0) return;
    this.durable = within[within.length - 1];
    this.pending = this.pending.filter((checkpoint) => checkpoint.position > syncedUpTo);
  }
}

/** How many bytes from the file's start are on disk without a gap. */
export function contiguousDone(ranges: readonly DownloadRangeRow[]): number {
  let end = 0;
  for (const range of [...ranges].sort((a, b) => a.start - b.start)) {
    if (range.start > end) break;
    end = Math.max(end, range.start + range.done);
    if (range.done < range.end - range.start) break;
  }
  return end;
}
