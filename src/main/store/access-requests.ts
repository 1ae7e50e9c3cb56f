import { AppError } from '../../shared/errors.js';
import { createAccessRequestsTable, type AccessRequestRow, type AccessRequestStatus, type AccessRequestsTable } from '../db/index.js';
import type { RepoRecord } from './repo-record.js';
import type { StoreContext } from './store-context.js';

export { ACCESS_REQUEST_STATUSES, type AccessRequestStatus } from '../db/index.js';

export interface AccessRequest {
  readonly userName: string;
  readonly status: AccessRequestStatus;
  /** What the user filled in the gate form. */
  readonly fields: Readonly<Record<string, string>> | undefined;
  readonly rejectionReason: string | undefined;
  /** Accepted by a grant, without the user asking. */
  readonly granted: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/**
 * Access requests to gated repos: a user asks (accepted at once when the repo's gate is `auto`,
 * pending when `manual`), the repo's writers accept, reject, cancel or grant. Only an accepted
 * request opens a gated repo's files to someone outside its namespace.
 */
export class AccessRequests {
  private readonly table: AccessRequestsTable;

  constructor(private readonly ctx: StoreContext) {
    this.table = createAccessRequestsTable(ctx.db);
  }

  status(repoId: number, userName: string): AccessRequestStatus | undefined {
    return this.table.status(repoId, userName);
  }

  get(repoId: number, userName: string): AccessRequest | undefined {
    const row = this.table.get(repoId, userName);
    return row ? toAccessRequest(row) : undefined;
  }

  list(repoId: number, status: AccessRequestStatus): AccessRequest[] {
    return this.table.list(repoId, status).map(toAccessRequest);
  }

  /** A user asks for access; asking again updates the form of a pending request and changes nothing else. */
  ask(repo: RepoRecord, userName: string, fields: Readonly<Record<string, string>>): AccessRequest {
    assertGated(repo);
    return this.ctx.db.transaction(() => {
      const current = this.table.get(repo.id, userName);
      if (current && current.status !== 'pending') return toAccessRequest(current);
      this.table.write({
        repoId: repo.id,
        userName,
        status: repo.gated === 'auto' ? 'accepted' : 'pending',
        fields: Object.keys(fields).length > 0 ? JSON.stringify(fields) : null,
        rejectionReason: null,
        granted: false,
        now: this.ctx.now(),
      });
      return this.get(repo.id, userName) as AccessRequest;
    }).immediate();
  }

  /** Moves an existing request to a status (pending = cancelled); a reason goes with a rejection only. */
  handle(repo: RepoRecord, userName: string, status: AccessRequestStatus, rejectionReason?: string): AccessRequest {
    return this.ctx.db.transaction(() => {
      const current = this.table.get(repo.id, userName);
      if (!current) throw new AppError('NotFound', `No access request from ${userName} to ${repo.fullName}`);
      this.table.write({
        repoId: repo.id,
        userName: current.user_name,
        status,
        fields: current.fields,
        rejectionReason: status === 'rejected' ? (rejectionReason ?? null) : null,
        granted: current.granted === 1,
        now: this.ctx.now(),
      });
      return this.get(repo.id, userName) as AccessRequest;
    }).immediate();
  }

  /** Gives a user access without a request (or accepts theirs); 400 when they already have it. */
  grant(repo: RepoRecord, userName: string): AccessRequest {
    assertGated(repo);
    return this.ctx.db.transaction(() => {
      const current = this.table.get(repo.id, userName);
      if (current?.status === 'accepted') throw new AppError('BadRequest', `${userName} already has access to ${repo.fullName}`);
      this.table.write({
        repoId: repo.id,
        userName: current?.user_name ?? userName,
        status: 'accepted',
        fields: current?.fields ?? null,
        rejectionReason: null,
        granted: current === undefined,
        now: this.ctx.now(),
      });
      return this.get(repo.id, userName) as AccessRequest;
    }).immediate();
  }
}

function assertGated(repo: RepoRecord): void {
  if (repo.gated === false) throw new AppError('BadRequest', `${repo.fullName} is not a gated repo`);
}

function toAccessRequest(row: AccessRequestRow): AccessRequest {
  return {
    userName: row.user_name,
    status: row.status,
    fields: row.fields === null ? undefined : (JSON.parse(row.fields) as Record<string, string>),
    rejectionReason: row.rejection_reason ?? undefined,
    granted: row.granted === 1,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
