import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import { parseRepoType, repoUrlPrefix, type RepoType } from '../../shared/repo-id.js';
import type { Accounts } from '../accounts/index.js';
import type { RepoRecord, Store } from '../store/index.js';
import type { UploadSettings } from './upload-settings.js';

export interface HubDeps {
  readonly accounts: Accounts;
  readonly store: Store;
  /** LFS transfer settings (multipart offer, URL lifetime); defaults when absent. */
  readonly uploads?: Partial<UploadSettings>;
}

/** The plural path segment of a repo type in API routes ("models", "datasets", "spaces"). */
export const REPO_TYPE_PLURALS = { models: 'model', datasets: 'dataset', spaces: 'space' } as const;
export type RepoTypePlural = keyof typeof REPO_TYPE_PLURALS;

export function repoTypeFromPlural(plural: string): RepoType {
  const type = (REPO_TYPE_PLURALS as Record<string, RepoType | undefined>)[plural];
  if (!type) throw new AppError('NotFound', `Unknown repo type "${plural}"`);
  return type;
}

export { parseRepoType };

/**
 * The origin the client used, from its Host header (already checked by the host guard). URLs we
 * return must use exactly this host: Python rejects any other (§0.6 of the protocol notes).
 */
export function baseUrl(request: FastifyRequest): string {
  return `http://${request.headers.host ?? 'localhost'}`;
}

/** `<base>/<prefix><ns>/<name>`: the web URL of a repo, as HF returns it. */
export function repoWebUrl(request: FastifyRequest, repo: Pick<RepoRecord, 'type' | 'fullName'>): string {
  return `${baseUrl(request)}/${repoUrlPrefix(repo.type)}${repo.fullName}`;
}

/** HF booleans arrive as true/True/1/false/False (httpx, requests, JS). */
export function parseBool(value: unknown, fallback = false): boolean {
  if (value === undefined || value === null || value === '') return fallback;
  if (Array.isArray(value)) return parseBool(value[value.length - 1], fallback);
  if (typeof value === 'boolean') return value;
  const text = typeof value === 'string' || typeof value === 'number' ? String(value).toLowerCase() : '';
  if (text === 'true' || text === '1' || text === 'yes') return true;
  if (text === 'false' || text === '0' || text === 'no') return false;
  throw new AppError('BadRequest', `Invalid boolean "${text}"`);
}

/** Dates on the wire: UTC with milliseconds and a Z (Python rejects "+00:00"). */
export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

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
    'Repository not found. Check the repo id and type, and that your token has access to it.',
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

export { repoUrlPrefix };
