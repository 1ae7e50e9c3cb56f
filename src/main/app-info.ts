import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package root: this file sits at `src/main/` when run from source and at `dist/main/`
 * when built, so two levels up is the folder holding package.json in both cases.
 */
export function appRoot(): string {
  return fileURLToPath(new URL('../../', import.meta.url));
}

/** The version in package.json, or "0.0.0" when it cannot be read. */
export function appVersion(root: string = appRoot()): string {
  try {
    const parsed: unknown = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
    if (typeof parsed === 'object' && parsed !== null && 'version' in parsed && typeof parsed.version === 'string') {
      return parsed.version;
    }
  } catch {
    // fall through: a missing or broken package.json must not stop the server
  }
  return '0.0.0';
}
