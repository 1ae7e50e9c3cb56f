import { AppError } from './errors.js';
import { formatRepoId, makeRepoId, REPO_TYPES, type RepoType } from './repo-id.js';
import { refNameProblem } from './ref-name.js';

/** The URL scheme the desktop app registers with the OS. */
export const DEEP_LINK_SCHEME = 'hubkeeper';

/**
 * What a `hubkeeper://` link asks for. A download is only ever proposed: the UI shows it and the
 * user confirms it.
 */
export type DeepLink =
  | { readonly action: 'open-repo'; readonly type: RepoType; readonly repo: string; readonly revision: string | undefined }
  | {
      readonly action: 'download';
      readonly type: RepoType;
      readonly repo: string;
      readonly revision: string | undefined;
      /** Globs of the files to fetch; empty for the whole revision. */
      readonly include: readonly string[];
    }
  | { readonly action: 'open-remote'; readonly hub: string; readonly type: RepoType; readonly repo: string; readonly revision: string | undefined };

export type DeepLinkResult = { readonly ok: true; readonly link: DeepLink } | { readonly ok: false; readonly problem: string };

const MAX_LINK_LENGTH = 4096;
const MAX_GLOBS = 64;
const MAX_GLOB_LENGTH = 512;
const HUB_ID = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
const COMMIT = /^[0-9a-f]{40}$/;
/** A pull request's ref, as revisions name it (`refs/pr/3`). */
const PR_REF = /^refs\/pr\/[1-9][0-9]{0,8}$/;
/** The plural folder of a repo type in a link (`hubkeeper://repo/datasets/org/name`). */
const TYPE_FOLDERS: ReadonlyMap<string, RepoType> = new Map(REPO_TYPES.map((type) => [`${type}s`, type]));
const QUERY_KEYS: Readonly<Record<DeepLink['action'], ReadonlySet<string>>> = {
  'open-repo': new Set(['revision']),
  download: new Set(['revision', 'include', 'repo-type']),
  'open-remote': new Set(['revision', 'repo-type']),
};

class LinkProblem extends Error {}

function fail(problem: string): never {
  throw new LinkProblem(problem);
}

function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** Decodes a path segment, or a query key or value (`form`: "+" is a space there). */
function decodePart(part: string, what: string, form = true): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(form ? part.replace(/\+/g, ' ') : part);
  } catch {
    return fail(`${what} is not valid percent-encoding`);
  }
  if (hasControl(decoded)) fail(`${what} holds control characters`);
  return decoded;
}

/** The path segments after the scheme, decoded; `.`, `..`, empty segments and encoded slashes are refused. */
function pathSegments(path: string): string[] {
  const raw = path.endsWith('/') ? path.slice(0, -1) : path;
  return raw.split('/').map((part) => {
    const segment = decodePart(part, 'the path', false);
    if (segment === '' || segment === '.' || segment === '..') fail('the path must not hold empty, "." or ".." segments');
    if (segment.includes('/') || segment.includes('\\')) fail('a path segment must not hold "/" or "\\"');
    return segment;
  });
}

function queryParams(query: string, action: DeepLink['action']): Map<string, string[]> {
  const params = new Map<string, string[]>();
  for (const pair of query === '' ? [] : query.split('&')) {
    if (pair === '') continue;
    const cut = pair.indexOf('=');
    const key = decodePart(cut < 0 ? pair : pair.slice(0, cut), 'a query key');
    const value = decodePart(cut < 0 ? '' : pair.slice(cut + 1), `"${key}"`);
    if (!QUERY_KEYS[action].has(key)) fail(`unknown parameter "${key}" for ${action}`);
    params.set(key, [...(params.get(key) ?? []), value]);
  }
  return params;
}

function single(params: Map<string, string[]>, key: string): string | undefined {
  const values = params.get(key);
  if (values === undefined) return undefined;
  if (values.length > 1) fail(`"${key}" is given more than once`);
  return values[0];
}

function revisionOf(params: Map<string, string[]>): string | undefined {
  const revision = single(params, 'revision');
  if (revision === undefined || revision === '') return undefined;
  if (COMMIT.test(revision) || PR_REF.test(revision)) return revision;
  const problem = refNameProblem(revision);
  if (problem !== undefined) fail(`revision "${revision}" ${problem}`);
  return revision;
}

function repoTypeOf(params: Map<string, string[]>): RepoType {
  const value = single(params, 'repo-type');
  if (value === undefined || value === '') return 'model';
  const type = REPO_TYPES.find((known) => known === value) ?? TYPE_FOLDERS.get(value);
  return type ?? fail(`unknown repo type "${value}": expected model, dataset or space`);
}

function repoOf(type: RepoType, parts: readonly string[]): string {
  if (parts.length !== 2) fail('a repo is named "org/name"');
  try {
    return formatRepoId(makeRepoId(type, parts[0] as string, parts[1] as string));
  } catch (error) {
    return fail(error instanceof AppError ? error.message : 'invalid repo id');
  }
}

/** Why a file glob may not be used, or undefined: relative, inside the repo, brackets balanced. */
export function includeGlobProblem(glob: string): string | undefined {
  if (glob === '' || glob.length > MAX_GLOB_LENGTH) return `must be 1-${MAX_GLOB_LENGTH} characters`;
  if (hasControl(glob)) return 'must not hold control characters';
  if (glob.startsWith('/') || glob.includes('\\')) return 'must be a relative path with "/" separators';
  if (glob.split('/').some((part) => part === '..' || part === '.' || part === '')) return 'must not hold empty, "." or ".." segments';
  let brackets = 0;
  let braces = 0;
  for (const char of glob) {
    if (char === '[') brackets++;
    else if (char === ']') brackets--;
    else if (char === '{') braces++;
    else if (char === '}') braces--;
    if (brackets < 0 || braces < 0 || brackets > 1 || braces > 1) return 'has unbalanced or nested brackets';
  }
  if (brackets !== 0 || braces !== 0) return 'has unbalanced brackets';
  return undefined;
}

function parseOrThrow(url: string): DeepLink {
  if (url.length > MAX_LINK_LENGTH) fail(`a link must be at most ${MAX_LINK_LENGTH} characters`);
  if (hasControl(url) || /\s/.test(url)) fail('a link must not hold spaces or control characters');
  const prefix = `${DEEP_LINK_SCHEME}://`;
  if (url.slice(0, prefix.length).toLowerCase() !== prefix) fail(`not a ${prefix} link`);
  const rest = url.slice(prefix.length);
  if (rest.includes('#')) fail('a link must not have a fragment');
  const cut = rest.indexOf('?');
  const [action, ...parts] = pathSegments(cut < 0 ? rest : rest.slice(0, cut));
  const query = cut < 0 ? '' : rest.slice(cut + 1);
  switch (action) {
    case 'repo': {
      const params = queryParams(query, 'open-repo');
      const [folder, ...id] = parts;
      const type = folder === undefined ? undefined : TYPE_FOLDERS.get(folder);
      if (type === undefined) fail('expected hubkeeper://repo/<models|datasets|spaces>/org/name');
      return { action: 'open-repo', type, repo: repoOf(type, id), revision: revisionOf(params) };
    }
    case 'download': {
      const params = queryParams(query, 'download');
      const type = repoTypeOf(params);
      const include = (params.get('include') ?? []).filter((glob) => glob !== '');
      if (include.length > MAX_GLOBS) fail(`at most ${MAX_GLOBS} include globs`);
      for (const glob of include) {
        const problem = includeGlobProblem(glob);
        if (problem !== undefined) fail(`include "${glob}" ${problem}`);
      }
      return { action: 'download', type, repo: repoOf(type, parts), revision: revisionOf(params), include };
    }
    case 'remote': {
      const params = queryParams(query, 'open-remote');
      const [hub, ...id] = parts;
      if (hub === undefined || !HUB_ID.test(hub)) fail('expected hubkeeper://remote/<hub>/org/name with a hub id of letters, digits, "-", "_" and "."');
      const type = repoTypeOf(params);
      return { action: 'open-remote', hub, type, repo: repoOf(type, id), revision: revisionOf(params) };
    }
    default:
      return fail(`unknown action "${action ?? ''}": expected repo, download or remote`);
  }
}

/** Parses and checks a `hubkeeper://` link; anything it does not fully understand is refused with a reason. */
export function parseDeepLink(url: string): DeepLinkResult {
  try {
    return { ok: true, link: parseOrThrow(url) };
  } catch (error) {
    if (error instanceof LinkProblem) return { ok: false, problem: error.message };
    throw error;
  }
}

/** The page of `serve` a browser's "Open in HubKeeper" goes to: `/open?url=<hubkeeper link>`. */
export const OPEN_LINK_PATH = '/open';

/** The UI's location hash that shows a link and asks what to do (the desktop shell and `/open` both go there). */
export function openLinkHash(url: string): string {
  return `#/open?url=${encodeURIComponent(url)}`;
}

/** The `hubkeeper://` form of a link (what a web page's "Open in HubKeeper" points at). */
export function formatDeepLink(link: DeepLink): string {
  const query: [string, string][] = [];
  if (link.revision !== undefined) query.push(['revision', link.revision]);
  let path: string;
  if (link.action === 'open-repo') path = `repo/${link.type}s/${link.repo}`;
  else {
    if (link.type !== 'model') query.push(['repo-type', link.type]);
    if (link.action === 'download') {
      for (const glob of link.include) query.push(['include', glob]);
      path = `download/${link.repo}`;
    } else path = `remote/${encodeURIComponent(link.hub)}/${link.repo}`;
  }
  const search = query.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');
  return `${DEEP_LINK_SCHEME}://${path}${search === '' ? '' : `?${search}`}`;
}
