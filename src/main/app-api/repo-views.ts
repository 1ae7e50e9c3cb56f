import type {
  CommitsResponse,
  DeletePreview,
  DeleteResult,
  DiffResponse,
  LibraryRepo,
  ReadmeResponse,
  RepoOverview,
  RepoTree,
  SessionInfo,
} from '../../shared/app-api.js';
import type { RepoType } from '../../shared/repo-id.js';

/** A repo as the routes address it. */
export interface RepoAddress {
  readonly type: RepoType;
  readonly id: string;
}

/** What the repo screens need from one place repos live in (the local hub, the HF cache). */
export interface RepoViews {
  list(session: SessionInfo): Promise<LibraryRepo[]>;
  overview(session: SessionInfo, repo: RepoAddress): Promise<RepoOverview>;
  tree(session: SessionInfo, repo: RepoAddress, revision: string): Promise<RepoTree>;
  commits(session: SessionInfo, repo: RepoAddress, revision: string, limit: number): Promise<CommitsResponse>;
  readme(session: SessionInfo, repo: RepoAddress, revision: string): Promise<ReadmeResponse>;
  diff(session: SessionInfo, repo: RepoAddress, from: string, to: string): Promise<DiffResponse>;
  /** The folder to reveal for a revision. */
  location(session: SessionInfo, repo: RepoAddress, revision: string): Promise<string>;
  deletePreview(session: SessionInfo, repo: RepoAddress, revision: string): Promise<DeletePreview>;
  deleteRevision(session: SessionInfo, repo: RepoAddress, revision: string): Promise<DeleteResult>;
}
