import type { RepoFile } from '../../../shared/app-api.js';

/**
 * A pattern as huggingface_hub's `allow_patterns` reads it (fnmatch): `*` matches anything, "/"
 * included, `?` one character, `[abc]` a set; a pattern ending in "/" means everything below it.
 */
export function globToRegExp(pattern: string): RegExp {
  const glob = pattern.endsWith('/') ? `${pattern}*` : pattern;
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] ?? '';
    if (char === '*') source += '.*';
    else if (char === '?') source += '.';
    else if (char === '[') {
      const end = glob.indexOf(']', i + 2);
      if (end === -1) {
        source += '\\[';
        continue;
      }
      const body = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
      source += body.startsWith('!') ? `[^${body.slice(1)}]` : `[${body}]`;
      i = end;
    } else source += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Patterns typed by the user: separated by commas or spaces. */
export function splitPatterns(text: string): string[] {
  return text.split(/[\s,]+/).filter((pattern) => pattern !== '');
}

/** The paths that match any of the patterns, as a selection. */
export function selectByPatterns(files: readonly RepoFile[], patterns: readonly string[]): Record<string, true> {
  const matchers = patterns.map(globToRegExp);
  const selection: Record<string, true> = {};
  for (const file of files) if (matchers.some((matcher) => matcher.test(file.path))) selection[file.path] = true;
  return selection;
}

export function selectionTotals(files: readonly RepoFile[], selection: Readonly<Record<string, true>>): { files: number; bytes: number } {
  let count = 0;
  let bytes = 0;
  for (const file of files) {
    if (selection[file.path] !== true) continue;
    count++;
    bytes += file.size;
  }
  return { files: count, bytes };
}
