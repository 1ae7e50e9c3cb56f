import { AppError } from './errors.js';
import { isWellFormedText } from './utf8.js';

const MAX_PATH_BYTES = 4096;

/**
 * Where a path is used. In a repo (the hub's store) a backslash is an ordinary character, as on
 * the Hub (`folder/..\..\file` is one file name); on a file system it may be a separator, so
 * paths written to disk (the cache, local dirs, archives) refuse it.
 */
export type RepoPathUse = 'repo' | 'file-system';

/**
 * Validates a path inside a repository and returns it unchanged. Paths are relative, use "/"
 * separators, and have no empty, "." or ".." segments, so a path can never point outside a repo
 * or outside a folder it is materialised into.
 */
export function checkRepoPath(path: string, use: RepoPathUse = 'file-system'): string {
  const problem = repoPathProblem(path, use);
  if (problem) throw new AppError('InvalidPath', `Invalid path "${printable(path)}": ${problem}`);
  return path;
}

/**
 * checkRepoPath for a path a commit writes: one starting with ".." is refused with 422, as the
 * Hub does, before the other rules (400).
 */
export function checkCommitPath(path: string): string {
  if (path.startsWith('..')) throw new AppError('UnprocessableEntity', `Invalid path "${printable(path)}": the path starts with ".."`);
  return checkRepoPath(path, 'repo');
}

export function repoPathProblem(path: string, use: RepoPathUse = 'file-system'): string | undefined {
  if (path.length === 0) return 'the path is empty';
  if (path.includes('\0')) return 'the path contains a NUL byte';
  if (!isWellFormedText(path)) return 'the path is not valid UTF-8 (it holds a lone surrogate)';
  if (use === 'file-system' && path.includes('\\')) return 'the path contains a backslash';
  if (path.startsWith('/')) return 'the path is absolute';
  if (/^[A-Za-z]:/.test(path)) return 'the path is absolute';
  if (new TextEncoder().encode(path).length > MAX_PATH_BYTES) return 'the path is too long';
  for (const segment of path.split('/')) {
    if (segment === '') return 'the path has an empty segment';
    if (segment === '.' || segment === '..') return 'the path has a "." or ".." segment';
    if (segment === '.git') return 'the path enters a ".git" folder';
  }
  return undefined;
}

/** Normalises a folder path in a repo given by a client ("", "/", "a/b/") to "" or "a/b". */
export function normalizeFolderPath(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '';
  return checkRepoPath(trimmed, 'repo');
}

/** The path with control characters shown as \xNN, safe to put in a message. */
function printable(path: string): string {
  let out = '';
  for (const char of path) {
    const code = char.charCodeAt(0);
    out += code < 0x20 ? `\\x${code.toString(16).padStart(2, '0')}` : char;
  }
  return out;
}
