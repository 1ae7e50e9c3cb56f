import type { Db } from './open-database.js';

export interface DownloadRangeRow {
  readonly start: number;
  readonly end: number;
  done: number;
}

export interface DownloadTransferRow {
  readonly id: number;
  readonly targetPath: string;
  readonly incompletePath: string;
  readonly etag: string;
  readonly size: number;
  readonly owner: string | null;
  readonly heartbeatAt: number;
  readonly ranges: DownloadRangeRow[];
  /** The saved hash of the first `position` bytes, when one was recorded. */
  readonly hashCheckpoint: { readonly position: number; readonly state: Uint8Array } | undefined;
}

export interface NewDownloadTransfer {
  readonly targetPath: string;
  readonly incompletePath: string;
  readonly etag: string;
  readonly size: number;
  readonly ranges: ReadonlyArray<{ readonly start: number; readonly end: number; readonly done: number }>;
}

interface TransferSqlRow {
  id: number;
  target_path: string;
  incomplete_path: string;
  etag: string;
  size: number;
  owner: string | null;
  heartbeat_at: number;
  hash_position: number | null;
  hash_state: Buffer | null;
}

/** Progress of resumable downloads (download_transfers + download_ranges). */
export function createDownloadsTable(db: Db) {
  const findByTarget = db.prepare<[string], TransferSqlRow>('SELECT * FROM download_transfers WHERE target_path = ?');
  const rangesOf = db.prepare<[number], { range_start: number; range_end: number; done: number }>(
    'SELECT range_start, range_end, done FROM download_ranges WHERE transfer_id = ? ORDER BY range_start',
  );
  const removeByTarget = db.prepare<[string]>('DELETE FROM download_transfers WHERE target_path = ?');
  const insert = db.prepare<[string, string, string, number, string, number, number]>(
    'INSERT INTO download_transfers (target_path, incomplete_path, etag, size, owner, heartbeat_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertRange = db.prepare<[number, number, number, number]>(
    'INSERT INTO download_ranges (transfer_id, range_start, range_end, done) VALUES (?, ?, ?, ?)',
  );
  const claim = db.prepare<[string, number, number, string | null]>(
    'UPDATE download_transfers SET owner = ?, heartbeat_at = ? WHERE id = ? AND owner IS ?',
  );
  const heartbeat = db.prepare<[number, number]>('UPDATE download_transfers SET heartbeat_at = ? WHERE id = ?');
  const saveHash = db.prepare<[number, Uint8Array, number]>('UPDATE download_transfers SET hash_position = ?, hash_state = ? WHERE id = ?');
  const saveRange = db.prepare<[number, number, number]>('UPDATE download_ranges SET done = ? WHERE transfer_id = ? AND range_start = ?');
  const release = db.prepare<[number]>('UPDATE download_transfers SET owner = NULL WHERE id = ?');
  const remove = db.prepare<[number]>('DELETE FROM download_transfers WHERE id = ?');
  const all = db.prepare<[], TransferSqlRow>('SELECT * FROM download_transfers ORDER BY id');

  const toRow = (row: TransferSqlRow): DownloadTransferRow => ({
    id: row.id,
    targetPath: row.target_path,
    incompletePath: row.incomplete_path,
    etag: row.etag,
    size: row.size,
    owner: row.owner,
    heartbeatAt: row.heartbeat_at,
    ranges: rangesOf.all(row.id).map((r) => ({ start: r.range_start, end: r.range_end, done: r.done })),
    hashCheckpoint: row.hash_position !== null && row.hash_state !== null ? { position: row.hash_position, state: new Uint8Array(row.hash_state) } : undefined,
  });

  return {
    find(targetPath: string): DownloadTransferRow | undefined {
      const row = findByTarget.get(targetPath);
      return row ? toRow(row) : undefined;
    },
    list(): DownloadTransferRow[] {
      return all.all().map(toRow);
    },
    /** Replaces any earlier transfer of the same target. */
    create(transfer: NewDownloadTransfer, owner: string, now: number): DownloadTransferRow {
      return db.transaction(() => {
        removeByTarget.run(transfer.targetPath);
        const id = Number(insert.run(transfer.targetPath, transfer.incompletePath, transfer.etag, transfer.size, owner, now, now).lastInsertRowid);
        for (const range of transfer.ranges) insertRange.run(id, range.start, range.end, range.done);
        return toRow(findByTarget.get(transfer.targetPath) as TransferSqlRow);
      }).immediate();
    },
    /** Compare-and-swap of the owner. */
    claim: (id: number, expectedOwner: string | null, owner: string, now: number): boolean => claim.run(owner, now, id, expectedOwner).changes === 1,
    /** Records bytes on disk per range, and the newest hash checkpoint (whose bytes must be fsynced) when given. */
    saveProgress(
      id: number,
      ranges: ReadonlyArray<{ readonly start: number; readonly done: number }>,
      now: number,
      hashCheckpoint?: { readonly position: number; readonly state: Uint8Array },
    ): void {
      db.transaction(() => {
        for (const range of ranges) saveRange.run(range.done, id, range.start);
        heartbeat.run(now, id);
        if (hashCheckpoint) saveHash.run(hashCheckpoint.position, hashCheckpoint.state, id);
      })();
    },
    release: (id: number): void => void release.run(id),
    remove: (id: number): void => void remove.run(id),
  };
}

export type DownloadsTable = ReturnType<typeof createDownloadsTable>;
