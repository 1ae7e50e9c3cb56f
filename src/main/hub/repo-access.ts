import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import type { RepoType } from '../../shared/repo-id.js';
import type { Principal } from '../accounts/index.js';
import { requirePrincipal, requireWrite } from '../http/index.js';
import type { RepoRecord } from '../store/index.js';
import type { HubDeps } from './hub-deps.js';

export type Access = 'read' | 'write';

/** Thrown (and turned into a relative 307 by the routes) when a repo was moved away from the requested name. */
export class RepoMovedError extends Error {
  constructor(
    readonly repo: RepoRecord,
    readonly fromId: string,
  ) {
    super(`Repository moved to ${repo.fullName}`);
  }
}

/**
 * Finds a repo for the caller, enforcing visibility and permissions as HF does: a private repo
 * the caller cannot see is RepoNotFound (401 anonymous, 404 authenticated) so its existence never
 * leaks; writes need a write token with write access to the namespace (403 otherwise).
 */
export function loadRepo(
  deps: HubDeps,
  request: FastifyRequest,
  type: RepoType,
  namespace: string,
  name: string,
  access: Access,
): RepoRecord {
  const repo = deps.store.findRepo(type, namespace, name);
  if (!repo) {
    const moved = deps.store.findMovedRepo(type, namespace, name);
    if (moved && canRead(deps, request, moved)) throw new RepoMovedError(moved, `${namespace}/${name}`);
    throw repoNotFound(request);
  }
  if (!canRead(deps, request, repo)) throw repoNotFound(request);
  if (access === 'write') {
    if (request.credentials !== 'valid' || !request.principal) {
      throw new AppError('Unauthorized', 'Invalid credentials in Authorization header');
    }
    const role = deps.accounts.namespaceRole(request.principal, repo.namespace);
    if (role === undefined || role === 'read') {
      throw new AppError('Forbidden', `You do not have write access to ${repo.fullName}`);
    }
  }
  return repo;
}

/** Whether the caller may see a repo: public, or a member of its namespace. */
export function canRead(deps: HubDeps, request: FastifyRequest, repo: RepoRecord): boolean {
  if (!repo.private) return true;
  const principal = request.principal;
  return principal !== undefined && deps.accounts.namespaceRole(principal, repo.namespace) !== undefined;
}

/** Whether the caller may write to a namespace (create repos there). */
export function canWriteNamespace(deps: HubDeps, request: FastifyRequest, namespace: string): boolean {
  const principal = request.principal;
  if (!principal) return false;
  const role = deps.accounts.namespaceRole(principal, namespace);
  return role !== undefined && role !== 'read';
}

export function repoNotFound(request: FastifyRequest): AppError {
  return new AppError(
    'RepoNotFound',
    'Repository not found',
    {},
    { status: request.principal ? 404 : 401 },
  );
}

/**
 * Answers a request for a moved repo with a relative 307 to the same path under the new name,
 * the way HF does for renames (Python follows relative redirects, keeping only the path).
 */
export function redirectMoved(request: FastifyRequest, reply: FastifyReply, error: RepoMovedError): FastifyReply {
  const url = new URL(request.url, 'http://placeholder');
  const path = decodeURIComponent(url.pathname);
  const at = path.toLowerCase().indexOf(`/${error.fromId.toLowerCase()}`);
  const target = at < 0 ? path : `${path.slice(0, at)}/${error.repo.fullName}${path.slice(at + error.fromId.length + 1)}`;
  return reply.code(307).header('location', `${encodeURI(target)}${url.search}`).send();
}

/**
 * loadRepo for routes that name the repo in the body (delete, move): a moved repo is
 * RepoNotFound there, since a redirect of such a request would lead nowhere.
 */
export function loadRepoByName(...args: Parameters<typeof loadRepo>): RepoRecord {
  try {
    return loadRepo(...args);
  } catch (error) {
    if (error instanceof RepoMovedError) throw repoNotFound(args[1]);
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
