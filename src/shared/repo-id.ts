import { AppError } from './errors.js';

export const REPO_TYPES = ['model', 'dataset', 'space'] as const;
export type RepoType = (typeof REPO_TYPES)[number];

export interface RepoId {
  readonly type: RepoType;
  readonly namespace: string;
  readonly name: string;
}

/** Namespaces that collide with the hub's own URL space. `-` holds HubKeeper's routes. */
export const RESERVED_NAMESPACES: ReadonlySet<string> = new Set([
  'api', 'datasets', 'spaces', 'models', 'kernels', 'buckets', '-',
]);

const NAME_CHARS = /^[A-Za-z0-9_.-]{1,96}$/;

/** Why a namespace or repo name breaks the Hub's naming rules, or undefined when it is valid. */
export function nameProblem(name: string): string | undefined {
  if (!NAME_CHARS.test(name)) return 'must be 1-96 characters of letters, digits, "-", "_" and "."';
  if (/^[-.]|[-.]$/.test(name)) return 'must not start or end with "-" or "."';
  if (name.includes('--') || name.includes('..')) return 'must not contain "--" or ".."';
  if (name.toLowerCase().endsWith('.git')) return 'must not end with ".git"';
  return undefined;
}

export function isRepoType(value: string): value is RepoType {
  return (REPO_TYPES as readonly string[]).includes(value);
}

export function parseRepoType(value: string | undefined | null): RepoType {
  if (value == null || value === '') return 'model';
  if (isRepoType(value)) return value;
  throw new AppError('BadRequest', `Invalid repo type "${value}": expected model, dataset or space`);
}

/** Validates a repo id given as parts; throws `InvalidRepoName` before anything is written. */
export function makeRepoId(type: RepoType, namespace: string, name: string): RepoId {
  const nsProblem = nameProblem(namespace);
  if (nsProblem) throw new AppError('InvalidRepoName', `Invalid namespace "${namespace}": ${nsProblem}`);
  if (RESERVED_NAMESPACES.has(namespace.toLowerCase())) {
    throw new AppError('InvalidRepoName', `Invalid namespace "${namespace}": the name is reserved`);
  }
  const repoProblem = nameProblem(name);
  if (repoProblem) throw new AppError('InvalidRepoName', `Invalid repo name "${name}": ${repoProblem}`);
  return { type, namespace, name };
}

/** Parses "namespace/name". */
export function parseRepoId(full: string, type: RepoType = 'model'): RepoId {
  const parts = full.split('/');
  if (parts.length !== 2 || parts[0] === undefined || parts[1] === undefined) {
    throw new AppError('InvalidRepoName', `Invalid repo id "${full}": expected "namespace/name"`);
  }
  return makeRepoId(type, parts[0], parts[1]);
}

export function formatRepoId(id: RepoId): string {
  return `${id.namespace}/${id.name}`;
}

/** URL prefix of a repo's web routes: "" for models, "datasets/" and "spaces/" otherwise. */
export function repoUrlPrefix(type: RepoType): string {
  return type === 'model' ? '' : `${type}s/`;
}
