/**
 * Python's `fnmatch` as `huggingface_hub.utils.filter_repo_objects` applies it, so that
 * `--include "*.safetensors"` selects the same files here as in `hf download`: `*` matches any
 * characters including "/", `?` one character, `[...]`/`[!...]` a set; a pattern ending in "/"
 * matches everything below that folder. (picomatch's globs stop `*` at "/", which would not.)
 */
export function fnmatchRegExp(pattern: string): RegExp {
  const full = pattern.endsWith('/') ? `${pattern}*` : pattern;
  let out = '';
  for (let i = 0; i < full.length; i++) {
    const c = full[i] as string;
    if (c === '*') {
      out += '.*';
    } else if (c === '?') {
      out += '.';
    } else if (c === '[') {
      const close = full.indexOf(']', full[i + 1] === '!' || full[i + 1] === ']' ? i + 2 : i + 1);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let set = full.slice(i + 1, close).replace(/\\/g, '\\\\');
      if (set.startsWith('!')) set = `^${set.slice(1)}`;
      else if (set.startsWith('^')) set = `\\${set}`;
      out += `[${set}]`;
      i = close;
    } else {
      out += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
    }
  }
  return new RegExp(`^(?:${out})$`, 's');
}

export interface PathFilter {
  readonly allowPatterns?: readonly string[] | undefined;
  readonly ignorePatterns?: readonly string[] | undefined;
}

/** Whether a repo path is selected: it matches an allow pattern (when any are given) and no ignore pattern. */
export function createPathFilter(filter: PathFilter): (path: string) => boolean {
  const allow = filter.allowPatterns?.map(fnmatchRegExp);
  const ignore = filter.ignorePatterns?.map(fnmatchRegExp) ?? [];
  return (path) => (allow === undefined || allow.some((re) => re.test(path))) && !ignore.some((re) => re.test(path));
}
