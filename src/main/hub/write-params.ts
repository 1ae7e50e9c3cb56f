import type { FastifyRequest } from 'fastify';
import { AppError } from '../../shared/errors.js';
import { BRANCH_PREFIX, DEFAULT_BRANCH } from '../../shared/ref-name.js';
import type { RepoType } from '../../shared/repo-id.js';

export interface RepoRouteParams {
  readonly rts: string;
  readonly ns: string;
  readonly name: string;
  /** The decoded rest of the path (a revision, branch or tag; "%2F" and "/" alike). */
  readonly tail: string;
}

/** Params of `/api/:rts/:ns/:name/<verb>/*` routes. */
export function repoRouteParams(request: FastifyRequest): RepoRouteParams {
  const params = request.params as Partial<Record<'rts' | 'ns' | 'name' | '*', string>>;
  return { rts: params.rts ?? '', ns: params.ns ?? '', name: params.name ?? '', tail: params['*'] ?? '' };
}

/** The branch a commit goes to: clients name it bare, as `refs/heads/<b>`, or as HEAD (the default branch). */
export function branchOfRevision(revision: string): string {
  if (revision === '' || revision === 'HEAD') return DEFAULT_BRANCH;
  return revision.startsWith(BRANCH_PREFIX) ? revision.slice(BRANCH_PREFIX.length) : revision;
}

/** URL prefixes of the web (non-API) routes per repo type: git and LFS live there. */
export const WEB_PREFIXES: ReadonlyArray<readonly [prefix: string, type: RepoType]> = [
  ['', 'model'],
  ['datasets/', 'dataset'],
  ['spaces/', 'space'],
];

/** Params of `/{pfx}:ns/:name.git/...` routes. */
export function gitRouteParams(request: FastifyRequest): { ns: string; name: string } {
  const params = request.params as Partial<Record<'ns' | 'name', string>>;
  if (!params.ns || !params.name) throw new AppError('NotFound', 'Not found');
  return { ns: params.ns, name: params.name };
}
