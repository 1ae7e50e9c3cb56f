import type { Db } from './open-database.js';

export const ACCESS_REQUEST_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export type AccessRequestStatus = (typeof ACCESS_REQUEST_STATUSES)[number];

export interface AccessRequestRow {
  repo_id: number;
  user_name: string;
  status: AccessRequestStatus;
  /** JSON object of the gate form's fields, or null. */
  fields: string | null;
  rejection_reason: string | null;
  granted: number;
  created_at: number;
  updated_at: number;
}

export interface AccessRequestWrite {
  readonly repoId: number;
  readonly userName: string;
  readonly status: AccessRequestStatus;
  readonly fields: string | null;
  readonly rejectionReason: string | null;
  readonly granted: boolean;
  readonly now: number;
}

type UpsertParams = Omit<AccessRequestWrite, 'granted'> & { granted: number };

/** access_requests: one row per gated repo and user who asked for (or was granted) access. */
export function createAccessRequestsTable(db: Db) {
  const get = db.prepare<[number, string], AccessRequestRow>('SELECT * FROM access_requests WHERE repo_id = ? AND user_name = ?');
  const byStatus = db.prepare<[number, string], AccessRequestRow>(
    'SELECT * FROM access_requests WHERE repo_id = ? AND status = ? ORDER BY created_at, user_name',
  );
  const upsert = db.prepare<[UpsertParams]>(
    `INSERT INTO access_requests (repo_id, user_name, status, fields, rejection_reason, granted, created_at, updated_at)
     VALUES (@repoId, @userName, @status, @fields, @rejectionReason, @granted, @now, @now)
     ON CONFLICT (repo_id, user_name) DO UPDATE SET
       status = excluded.status, fields = excluded.fields, rejection_reason = excluded.rejection_reason,
       granted = excluded.granted, updated_at = excluded.updated_at`,
  );
  const statusOf = db.prepare<[number, string], { status: AccessRequestStatus }>(
    'SELECT status FROM access_requests WHERE repo_id = ? AND user_name = ?',
  );

  return {
    get: (repoId: number, userName: string): AccessRequestRow | undefined => get.get(repoId, userName),
    status: (repoId: number, userName: string): AccessRequestStatus | undefined => statusOf.get(repoId, userName)?.status,
    /** Requests of one status, oldest first. */
    list: (repoId: number, status: AccessRequestStatus): AccessRequestRow[] => byStatus.all(repoId, status),
    /** Creates the row or replaces its state; created_at keeps the first request's time. */
    write(input: AccessRequestWrite): void {
      upsert.run({ ...input, granted: input.granted ? 1 : 0 });
    },
  };
}

export type AccessRequestsTable = ReturnType<typeof createAccessRequestsTable>;
