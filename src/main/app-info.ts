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

/** The variable that asks for stacks and details in CLI errors (HUBKEEPER_DEBUG). */
export const DEBUG_ENV = 'HUBKEEPER_DEBUG';
/** The words an on/off setting reads as on (the config's flags and HUBKEEPER_DEBUG). */
export const TRUE_WORDS: readonly string[] = ['1', 'true', 'yes', 'on'];
/** The words an on/off setting reads as off. */
export const FALSE_WORDS: readonly string[] = ['0', 'false', 'no', 'off'];

/**
 * Whether CLI errors should show stacks. Here rather than in config.ts: it is needed to report a
 * configuration that failed to load, and every command's error report reads it, which must not
 * load the config's schemas (zod was a fifth of `hubkeeper --version`).
 */
export function debugRequested(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const value = env[DEBUG_ENV]?.trim().toLowerCase();
  return value !== undefined && TRUE_WORDS.includes(value);
}
