import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { RevealResult } from '../../shared/desktop-bridge.js';

type RevealFailure = Extract<RevealResult, { ok: false }>;
import { isAllowedNavigation } from './window-policy.js';

const MAX_PATH_LENGTH = 4096;

/** The path the renderer asked to reveal, if it is an absolute path at all. */
export function checkRevealRequest(requested: unknown): { readonly ok: true; readonly path: string } | RevealFailure {
  if (typeof requested !== 'string' || requested === '' || requested.length > MAX_PATH_LENGTH || requested.includes('\0')) {
    return { ok: false, problem: 'HubKeeper can only show a folder path here' };
  }
  if (!isAbsolute(requested)) return { ok: false, problem: `${requested} is not an absolute path` };
  return { ok: true, path: resolve(requested) };
}

/** True when `path` is one of `roots` or inside one (after resolving `.` and `..`). */
export function isInsideRoots(path: string, roots: readonly string[]): boolean {
  const target = resolve(path);
  return roots.some((root) => {
    const rel = relative(resolve(root), target);
    return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
  });
}

/** Only the core's own pages (the window's frames on the core origin) may ask the shell for anything. */
export function isTrustedSender(frameUrl: string | undefined, coreUrl: string | undefined): boolean {
  return frameUrl !== undefined && coreUrl !== undefined && isAllowedNavigation(frameUrl, coreUrl);
}
