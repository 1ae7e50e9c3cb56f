import { isAbsolute } from 'node:path';
import type { PickFolderRequest } from '../../shared/desktop-bridge.js';
import { classifyNavigation } from './window-policy.js';

/** An argument from the renderer, checked: the value to use, or the reason it was refused. */
export type Checked<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problem: string };

const MAX_TITLE_LENGTH = 200;
const MAX_PATH_LENGTH = 4096;
const MAX_URL_LENGTH = 2048;

function hasControl(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** `pickFolder`'s request: a short title, and an absolute folder to open at (optional); nothing else. */
export function checkPickFolderRequest(value: unknown): Checked<PickFolderRequest> {
  if (!isPlainObject(value)) return { ok: false, problem: 'expected { title, defaultPath? }' };
  const extra = Object.keys(value).filter((key) => key !== 'title' && key !== 'defaultPath');
  if (extra.length > 0) return { ok: false, problem: `unexpected ${extra.join(', ')}` };
  const { title, defaultPath } = value;
  if (typeof title !== 'string' || title.trim() === '' || title.length > MAX_TITLE_LENGTH || hasControl(title)) {
    return { ok: false, problem: `the title must be 1-${MAX_TITLE_LENGTH} characters of text` };
  }
  if (defaultPath === undefined) return { ok: true, value: { title } };
  if (typeof defaultPath !== 'string' || defaultPath.length > MAX_PATH_LENGTH || defaultPath.includes('\0') || !isAbsolute(defaultPath)) {
    return { ok: false, problem: 'the folder to open at must be an absolute path' };
  }
  return { ok: true, value: { title, defaultPath } };
}

/** `openExternal`'s link: https only, no credentials in it, never the core's own pages (those stay in the window). */
export function checkExternalUrl(value: unknown, coreUrl: string | undefined): Checked<string> {
  if (typeof value !== 'string' || value.length > MAX_URL_LENGTH || hasControl(value)) return { ok: false, problem: 'expected a link' };
  if (classifyNavigation(value, coreUrl ?? 'http://127.0.0.1:0') !== 'external') return { ok: false, problem: 'only https links open in the browser' };
  return { ok: true, value: new URL(value).href };
}

/** Calls that take no argument take none: anything sent along is a caller that is not our preload. */
export function checkNoArguments(args: readonly unknown[]): Checked<undefined> {
  return args.length === 0 ? { ok: true, value: undefined } : { ok: false, problem: 'this call takes no arguments' };
}
