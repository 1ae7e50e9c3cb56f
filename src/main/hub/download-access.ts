import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { RepoRecord } from '../store/index.js';
import type { HubDeps } from './hub-deps.js';

/**
 * File contents of a gated repo are for members of its namespace and users whose access request
 * was accepted; its metadata (info, tree, refs, commits) stays readable, as on HF. Anonymous
 * callers get 401 and others 403, both with `GatedRepo`, which Python turns into GatedRepoError.
 */
export function assertMayDownload(deps: HubDeps, request: FastifyRequest, repo: RepoRecord): void {
  if (repo.gated === false) return;
  const { principal } = request;
  if (principal && deps.accounts.namespaceRole(principal, repo.namespace) !== undefined) return;
  const what = `Access to ${repo.type} ${repo.fullName} is restricted`;
  if (!principal) {
    throw new AppError('GatedRepo', `${what}. You must have access to it and be authenticated to access it. Please log in.`, {}, { status: 401 });
  }
  const status = deps.store.accessRequests.status(repo.id, principal.user.name);
  if (status === 'accepted') return;
  const message =
    status === 'pending'
      ? `Your request to access ${repo.type} ${repo.fullName} is awaiting a review from the repo authors.`
      : status === 'rejected'
        ? `Your request to access ${repo.type} ${repo.fullName} has been rejected by the repo's authors.`
        : `${what} and you are not in the authorized list. Ask for access with POST ${repo.type === 'model' ? '' : `/${repo.type}s`}/${repo.fullName}/ask-access.`;
  throw new AppError('GatedRepo', message, {}, { status: 403 });
}
