import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { RepoRecord } from '../store/index.js';
import type { HubDeps } from './hub-deps.js';

/**
 * File contents of a gated repo are for members of its namespace only; its metadata (info, tree,
 * refs, commits) stays readable, as on HF. Anonymous callers get 401 and others 403, both with
 * `GatedRepo`, which Python turns into GatedRepoError.
 */
export function assertMayDownload(deps: HubDeps, request: FastifyRequest, repo: RepoRecord): void {
  if (repo.gated === false) return;
  const { principal } = request;
  if (principal && deps.accounts.namespaceRole(principal, repo.namespace) !== undefined) return;
  const what = `Access to ${repo.type} ${repo.fullName} is restricted`;
  throw principal
    ? new AppError('GatedRepo', `${what} and you are not in the authorized list.`, {}, { status: 403 })
    : new AppError('GatedRepo', `${what}. You must have access to it and be authenticated to access it. Please log in.`, {}, { status: 401 });
}
