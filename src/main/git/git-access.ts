import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { RepoType } from '../../shared/repo-id.js';
import type { Accounts } from '../accounts/index.js';
import type { RepoRecord, Store } from '../store/index.js';

export interface GitAccessDeps {
  readonly accounts: Accounts;
  readonly store: Store;
}

export type GitAccess = 'read' | 'write';

/** What git shows before asking its credential helpers: any realm works, the scheme must be Basic. */
export const GIT_AUTH_CHALLENGE = 'Basic realm="HubKeeper"';

/**
 * Thrown when git should retry with credentials: a 401 whose reply carries `WWW-Authenticate`
 * (without it git never asks for them).
 */
export class GitAuthRequired extends AppError {}

/**
 * The repo a git request names, for this caller. As on huggingface.co: a repo that does not
 * exist, or is private to others, asks anonymous callers (and those whose token we do not know)
 * for credentials, and answers RepoNotFound to signed-in ones, so existence never leaks. A gated
 * repo's content is for its namespace's members and accepted requesters. A repo moved away from
 * this name is served under its old name too.
 */
export function gitRepoFor(deps: GitAccessDeps, request: FastifyRequest, type: RepoType, namespace: string, name: string, access: GitAccess): RepoRecord {
  const repo = deps.store.findRepo(type, namespace, name) ?? deps.store.findMovedRepo(type, namespace, name);
  if (!repo || !canRead(deps, request, repo)) {
    if (!request.principal) throw new GitAuthRequired('RepoNotFound', 'Repository not found', {}, { status: 401 });
    throw new AppError('RepoNotFound', 'Repository not found');
  }
  if (access === 'write') assertMayWrite(deps, request, repo);
  else assertMayReadContent(deps, request, repo);
  return repo;
}

function canRead(deps: GitAccessDeps, request: FastifyRequest, repo: RepoRecord): boolean {
  if (!repo.private) return true;
  const { principal } = request;
  return principal !== undefined && deps.accounts.namespaceRole(principal, repo.namespace) !== undefined;
}

function assertMayReadContent(deps: GitAccessDeps, request: FastifyRequest, repo: RepoRecord): void {
  if (repo.gated === false) return;
  const { principal } = request;
  if (!principal) {
    throw new GitAuthRequired('GatedRepo', `Access to ${repo.fullName} is restricted: sign in with a token that has access`, {}, { status: 401 });
  }
  if (deps.accounts.namespaceRole(principal, repo.namespace) !== undefined) return;
  if (deps.store.accessRequests.status(repo.id, principal.user.name) === 'accepted') return;
  throw new AppError('GatedRepo', `Access to ${repo.fullName} is restricted and you are not in the authorized list`);
}

function assertMayWrite(deps: GitAccessDeps, request: FastifyRequest, repo: RepoRecord): void {
  const { principal } = request;
  if (!principal) throw new GitAuthRequired('Unauthorized', 'Authentication required to push', {}, { status: 401 });
  if (principal.token.role === 'read') {
    throw new AppError('Forbidden', `The token "${principal.token.displayName}" is read-only; pushing needs a token with the write role`);
  }
  const role = deps.accounts.namespaceRole(principal, repo.namespace);
  if (role === undefined || role === 'read') {
    throw new AppError('Forbidden', `You do not have write access to ${repo.fullName}`);
  }
}
