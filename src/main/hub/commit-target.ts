import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { Principal } from '../accounts/index.js';
import { requirePrincipal, requireWrite } from '../http/index.js';
import { pullRequestNumOf, type RepoRecord } from '../store/index.js';
import { canWriteNamespace, loadRepo } from './repo-access.js';
import { parseBool } from '../http/index.js';
import { repoTypeFromPlural } from './repo-type-plural.js';
import type { HubDeps } from './hub-deps.js';
import { branchOfRevision, type RepoRouteParams } from './write-params.js';

/** Where a commit (and the preupload before it) goes. */
export type CommitTarget =
  | { readonly kind: 'branch'; readonly branch: string }
  /** `create_pr=1`: a new pull request on this branch takes the commit. */
  | { readonly kind: 'new-pull-request'; readonly base: string }
  | { readonly kind: 'pull-request'; readonly num: number; readonly ref: string };

export interface AuthorizedCommit {
  readonly repo: RepoRecord;
  readonly target: CommitTarget;
  readonly principal: Principal;
}

/**
 * The repo and target of a preupload or commit route, checked as HF checks them: a branch needs
 * write access; anyone who can read the repo may open a pull request with a write token; an
 * existing pull request takes commits from the repo's writers and from its author.
 */
export function authorizeCommit(deps: HubDeps, request: FastifyRequest, params: RepoRouteParams): AuthorizedCommit {
  const type = repoTypeFromPlural(params.rts);
  const query = request.query as Record<string, unknown> | undefined;
  const createPr = parseBool(query?.create_pr);
  const prNum = pullRequestNumOf(params.tail);
  if (!createPr && prNum === undefined) {
    const repo = loadRepo(deps, request, type, params.ns, params.name, 'write');
    return { repo, target: { kind: 'branch', branch: branchOfRevision(params.tail) }, principal: requirePrincipal(request) };
  }
  const repo = loadRepo(deps, request, type, params.ns, params.name, 'read');
  const principal = requireWrite(request);
  if (createPr) {
    const base = branchOfRevision(params.tail);
    if (!deps.store.listRefs(repo.id).branches.some((ref) => ref.name === base)) {
      throw new AppError('RevisionNotFound', `Invalid rev id: ${params.tail}: a pull request needs a branch to merge into`);
    }
    return { repo, target: { kind: 'new-pull-request', base }, principal };
  }
  const num = prNum as number;
  const author = pullRequestAuthor(deps, repo, num, params.tail);
  if (!isRepoWriter(deps, request, repo) && author.toLowerCase() !== principal.user.name.toLowerCase()) {
    throw new AppError('Forbidden', `Only the author of pull request #${num} and the writers of ${repo.fullName} can commit to it`);
  }
  return { repo, target: { kind: 'pull-request', num, ref: params.tail }, principal };
}

/** Whether the caller holds write access (with a write token) to the repo's namespace. */
export function isRepoWriter(deps: HubDeps, request: FastifyRequest, repo: RepoRecord): boolean {
  return canWriteNamespace(deps, request, repo.namespace);
}

function pullRequestAuthor(deps: HubDeps, repo: RepoRecord, num: number, revision: string): string {
  try {
    const pr = deps.store.discussions.get(repo.id, num);
    if (pr.isPullRequest) return pr.author;
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'NotFound') throw error;
  }
  throw new AppError('RevisionNotFound', `Invalid rev id: ${revision}`);
}
