import type { DownloadRangeRow, DownloadTransferRow, NewDownloadTransfer } from '../db/index.js';
import type { HashCheckpoint } from './hash-checkpoints.js';

/** One byte range of a download and how much of it is on disk, from `start`. */
export type TransferRange = DownloadRangeRow;

/** A resumable download as persisted: where its bytes go, what they must hash to, and progress per range. */
export type TransferRecord = DownloadTransferRow;

export type NewTransfer = NewDownloadTransfer;

/** Persistence of download progress (SQLite in the hub database; see db/downloads-table.ts). */
export interface TransferStateStore {
  find(targetPath: string): TransferRecord | undefined;
  list(): TransferRecord[];
  /** Inserts a transfer owned by `owner`, replacing any earlier record for the same target. */
  create(transfer: NewTransfer, owner: string, now: number): TransferRecord;
  /** Takes over a transfer if it is still owned by `expectedOwner`; false when someone else got it first. */
  claim(id: number, expectedOwner: string | null, owner: string, now: number): boolean;
  /** Records progress (and a heartbeat) for the ranges, and the newest resumable hash state when there is one. */
  saveProgress(id: number, ranges: readonly TransferRange[], now: number, hashCheckpoint?: HashCheckpoint): void;
  /** Leaves the transfer for a later resume. */
  release(id: number): void;
  remove(id: number): void;
}
