import picomatch from 'picomatch';

/**
 * How to narrow a glob to a few stored entries before testing whole paths. Every path the glob
 * matches ends in a file name that the lookup returns (it may return more), so testing the paths
 * found gives the same answer as testing every file.
 */
export type GlobLookup =
  | { readonly kind: 'name'; readonly name: string }
  | { readonly kind: 'ext'; readonly ext: string; readonly prefix: string; readonly nameMatches: (name: string) => boolean }
  | { readonly kind: 'prefix'; readonly prefix: string; readonly nameMatches: (name: string) => boolean }
  | { readonly kind: 'like'; readonly like: string; readonly nameMatches: (name: string) => boolean }
  | { readonly kind: 'scan' };

// Braces and extglobs can hold a '/', so what follows the last '/' would not be the name's glob.
const SPANS_SEGMENTS = /[{}()\\]/;
const WILDCARD = /[*?]/;

/** Plans the lookup of a glob (already validated by compileGlob). */
export function globLookup(glob: string): GlobLookup {
  if (glob.startsWith('!') || SPANS_SEGMENTS.test(glob)) return { kind: 'scan' };
  const name = glob.slice(glob.lastIndexOf('/') + 1);
  if (name === '' || name === '**' || /[[\]]/.test(name)) return { kind: 'scan' };
  if (!WILDCARD.test(name)) return { kind: 'name', name };
  const regex = picomatch.makeRe(name, { dot: true });
  const nameMatches = (candidate: string): boolean => regex.test(candidate);
  const prefix = name.slice(0, name.search(WILDCARD));
  const ext = /\.([^.*?]+)$/.exec(name)?.[1];
  if (ext !== undefined) return { kind: 'ext', ext, prefix, nameMatches };
  if (prefix !== '') return { kind: 'prefix', prefix, nameMatches };
  const literal = name.split(/[*?]+/).reduce((longest, part) => (part.length > longest.length ? part : longest), '');
  if (literal === '') return { kind: 'scan' };
  return { kind: 'like', like: `%${escapeLike(literal)}%`, nameMatches };
}

/** Text for a LIKE pattern (escape character backslash) that matches itself. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
