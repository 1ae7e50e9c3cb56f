import { AppError } from './errors.js';
import { isWellFormedText } from './utf8.js';

export const DEFAULT_BRANCH = 'main';

/** The revision of a repo tracked or mirrored with all its branches and tags ('*' is no valid git ref name). */
export const ALL_REFS = '*';
export const BRANCH_PREFIX = 'refs/heads/';
export const TAG_PREFIX = 'refs/tags/';

/** Why a branch or tag name breaks git's check-ref-format rules (or HF's), or undefined if valid. */
export function refNameProblem(name: string): string | undefined {
  if (name === '' || name.length > 255) return 'must be 1-255 characters';
  if (name === '@' || name === 'HEAD') return 'is reserved';
  if (!isWellFormedText(name)) return 'is not valid UTF-8 (it holds a lone surrogate)';
  if (hasControlOrSpace(name) || /[~^:?*[\\]/.test(name)) return 'must not contain spaces, control characters or ~^:?*[\\';
  if (name.includes('..') || name.includes('@{') || name.includes('//')) return 'must not contain "..", "@{" or "//"';
  if (/^[-/.]|[/.]$/.test(name) || name.endsWith('.lock')) return 'must not start with "-", "/" or "." nor end with "/", "." or ".lock"';
  if (name.split('/').some((part) => part.startsWith('.') || part.endsWith('.lock'))) {
    return 'no segment may start with "." or end with ".lock"';
  }
  if (name.startsWith('refs/')) return 'must not start with "refs/"';
  if (/^[0-9a-f]{40}$/.test(name)) return 'must not look like a commit id';
  return undefined;
}

export function checkRefName(kind: 'branch' | 'tag', name: string): string {
  const problem = refNameProblem(name);
  if (problem) throw new AppError('BadRequest', `Invalid ${kind} name "${name}": ${problem}`);
  return name;
}

function hasControlOrSpace(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 0x20 || code === 0x7f) return true;
  }
  return false;
}
