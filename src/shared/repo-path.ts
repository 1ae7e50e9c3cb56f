import { AppError } from './errors.js';
import { isWellFormedText } from './utf8.js';

const MAX_PATH_BYTES = 4096;

/**
 * Validates a path inside a repository and returns it unchanged. Paths are relative, use "/"
 * separators, and have no empty, "." or ".." segments, so a path can never point outside a repo
 * or outside a folder it is materialised into.
 */
export function checkRepoPath(path: string): string {
  const problem = repoPathProblem(path);
  if (problem) throw new AppError('InvalidPath', `Invalid path "${printable(path)}": ${problem}`);
  return path;
}

export function repoPathProblem(path: string): string | undefined {
  if (path.length === 0) return 'the path is empty';
  if (path.includes('\0')) return 'the path contains a NUL byte';
  if (!isWellFormedText(path)) return 'the path is not valid UTF-8 (it holds a lone surrogate)';
  if (path.includes('\\')) return 'the path contains a backslash';
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

/** Normalises a folder path given by a client ("", "/", "a/b/") to "" or "a/b". */
export function normalizeFolderPath(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return '';
  return checkRepoPath(trimmed);
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
