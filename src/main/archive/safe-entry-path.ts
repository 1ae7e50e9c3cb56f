import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { AppError } from '../../shared/errors.js';

/**
 * Where an archive entry lands under `root`, refusing names that would leave it: absolute
 * paths, drive letters, UNC names and `..` segments. Backslashes count as separators, since
 * archives made on Windows use them.
 */
export function safeEntryPath(root: string, name: string): string {
  const normalized = name.replace(/\\/g, '/');
  if (normalized.startsWith('/') || /^[A-Za-z]:/.test(normalized)) throw refused(name, 'an absolute path');
  const parts = normalized.split('/').filter((part) => part !== '' && part !== '.');
  if (parts.includes('..')) throw refused(name, 'a ".." segment');
  const target = join(root, ...parts);
  if (!isInside(root, target)) throw refused(name, 'a path outside the destination');
  return target;
}

/** Refuses a symlink (at `linkPath`, pointing at `target`) that leads outside `root`. */
export function checkSymlinkTarget(root: string, linkPath: string, target: string): void {
  const normalized = target.replace(/\\/g, '/');
  if (normalized.startsWith('/') || /^[A-Za-z]:/.test(normalized)) throw refused(relative(root, linkPath), `a symlink to the absolute path ${target}`);
  if (!isInside(root, resolve(dirname(linkPath), normalized))) throw refused(relative(root, linkPath), `a symlink leading outside the destination (${target})`);
}

export function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (rel.split(sep)[0] !== '..' && !isAbsolute(rel));
}

function refused(name: string, why: string): AppError {
  return new AppError('BadRequest', `Refusing archive entry "${name}": ${why}`);
}
