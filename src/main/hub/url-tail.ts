import { AppError } from '../../shared/errors.js';

/**
 * The path segments of a request URL after the first `skip`, each percent-decoded on its own.
 * Routing on the raw URL keeps `%2F` (Python's encoding of "/" inside a revision or sub-path)
 * apart from a literal "/" (how JS sends them), which a router's decoded wildcard would merge.
 */
export function urlTail(url: string, skip: number): string[] {
  const query = url.indexOf('?');
  const path = query < 0 ? url : url.slice(0, query);
  return path.split('/').slice(skip + 1).map(decodeSegment);
}

export function decodeSegment(raw: string): string {
  if (!raw.includes('%')) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new AppError('BadRequest', `Invalid percent-encoding in URL segment "${raw.slice(0, 200)}"`);
  }
}

/** Percent-encodes a repo path for a URL, keeping its "/" separators. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
