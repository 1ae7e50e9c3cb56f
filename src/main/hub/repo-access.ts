import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { RepoType } from '../../shared/repo-id.js';
import type { Principal } from '../accounts/index.js';
import { requirePrincipal, requireWrite } from '../http/index.js';
import type { Author, RepoRecord } from '../store/index.js';
import { RepoMovedError, loadRepo, repoNotFound, type Access, type HubDeps } from './hub-context.js';

/**
 * loadRepo for routes that name the repo in the body (delete, move): a moved repo is
 * RepoNotFound there, since a redirect of such a request would lead nowhere.
 */
export function loadRepoByName(
  deps: HubDeps,
  request: FastifyRequest,
  type: RepoType,
  namespace: string,
  name: string,
  access: Access,
): RepoRecord {
  try {
    return loadRepo(deps, request, type, namespace, name, access);
  } catch (error) {
    if (error instanceof RepoMovedError) throw repoNotFound(request);
    throw error;
  }
}

/** Namespaces whose private repos the caller may see: their own and their organisations'. */
export function readableNamespaces(deps: HubDeps, request: FastifyRequest): string[] {
  const principal = request.principal;
  if (!principal) return [];
  return [principal.user.name, ...deps.accounts.membershipsOf(principal.user.name).map((m) => m.org.name)];
}

/** The caller when they belong to the namespace (any role); 401 anonymous, 403 otherwise. */
export function requireNamespaceMember(deps: HubDeps, request: FastifyRequest, namespace: string): Principal {
  const principal = requirePrincipal(request);
  if (deps.accounts.namespaceRole(principal, namespace) === undefined) {
    throw new AppError('Forbidden', `You are not a member of "${namespace}"`);
  }
  return principal;
}

/**
 * The caller when they administer the namespace: its owner, or an admin of the organisation,
 * with a token that may write.
 */
export function requireNamespaceAdmin(deps: HubDeps, request: FastifyRequest, namespace: string): Principal {
  const principal = requireWrite(request);
  const wanted = namespace.toLowerCase();
  if (principal.user.name.toLowerCase() === wanted) return principal;
  const membership = deps.accounts.membershipsOf(principal.user.name).find((m) => m.org.name.toLowerCase() === wanted);
  if (membership?.role !== 'admin') {
    throw new AppError('Forbidden', `Only the owner of "${namespace}" or an admin of the organization can do this`);
  }
  return principal;
}

/** The git author of commits made by the caller. */
export function authorOf(principal: Principal): Author {
  const { user } = principal;
  return { name: user.fullname || user.name, email: user.email ?? `${user.name}@users.noreply.hubkeeper` };
}
