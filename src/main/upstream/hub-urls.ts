import { trimEndpoint } from '../../shared/endpoint.js';
import { repoUrlPrefix, type RepoType } from '../../shared/repo-id.js';

export const DEFAULT_ENDPOINT = 'https://huggingface.co';

/** Python's `urllib.parse.quote`: like encodeURIComponent but also escapes `!'()*`, keeping the `safe` characters. */
export function pyQuote(value: string, safe = '/'): string {
  let out = encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  for (const c of safe) out = out.split(encodeURIComponent(c)).join(c);
  return out;
}

/** `E/{prefix}{id}/resolve/{rev}/{path}` with the revision quoted `safe=""` and the path `safe="/"`, as Python builds it. */
export function resolveUrl(endpoint: string, type: RepoType, repoId: string, revision: string, path: string): string {
  return `${trimEndpoint(endpoint)}/${repoUrlPrefix(type)}${repoId}/resolve/${pyQuote(revision, '')}/${pyQuote(path)}`;
}

/** `E/api/{types}/{id}` (+ `/revision/{rev}`). */
export function repoApiUrl(endpoint: string, type: RepoType, repoId: string, revision?: string): string {
  const base = `${trimEndpoint(endpoint)}/api/${type}s/${repoId}`;
  return revision === undefined ? base : `${base}/revision/${pyQuote(revision, '')}`;
}

/** `E/api/{types}/{id}/tree/{rev}[/{path}]`, both quoted `safe=""` as Python sends them. */
export function treeUrl(endpoint: string, type: RepoType, repoId: string, revision: string, path = ''): string {
  const base = `${repoApiUrl(endpoint, type, repoId)}/tree/${pyQuote(revision, '')}`;
  return path === '' ? base : `${base}/${pyQuote(path, '')}`;
}

export function pathsInfoUrl(endpoint: string, type: RepoType, repoId: string, revision: string): string {
  return `${repoApiUrl(endpoint, type, repoId)}/paths-info/${pyQuote(revision, '')}`;
}

export function refsUrl(endpoint: string, type: RepoType, repoId: string): string {
  return `${repoApiUrl(endpoint, type, repoId)}/refs`;
}

/** `E/api/{types}/{id}/commits/{rev}`, the revision quoted `safe=""`. */
export function commitsUrl(endpoint: string, type: RepoType, repoId: string, revision: string): string {
  return `${repoApiUrl(endpoint, type, repoId)}/commits/${pyQuote(revision, '')}`;
}

/** The `rel="next"` target of a `Link` header, if any. */
export function nextLink(link: string | undefined): string | undefined {
  if (!link) return undefined;
  for (const part of link.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (match?.[1] !== undefined && /;\s*rel="?next"?/i.test(match[2] ?? '')) return match[1];
  }
  return undefined;
}
