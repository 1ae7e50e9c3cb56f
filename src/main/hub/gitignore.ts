import picomatch from 'picomatch';

interface IgnoreRule {
  readonly negate: boolean;
  readonly directoryOnly: boolean;
  readonly matches: (path: string) => boolean;
}

/** The rules of a root .gitignore, with git's semantics, for deciding `shouldIgnore` at preupload. */
export class GitIgnore {
  private readonly rules: readonly IgnoreRule[];

  constructor(text: string) {
    this.rules = text.split(/\r?\n/).flatMap((line) => {
      const rule = parseRule(line);
      return rule ? [rule] : [];
    });
  }

  /** Whether a file path is ignored: by a rule for itself or for one of its folders (which nothing can re-include). */
  ignores(path: string): boolean {
    if (this.rules.length === 0) return false;
    const segments = path.split('/');
    for (let depth = 1; depth < segments.length; depth++) {
      if (this.decide(segments.slice(0, depth).join('/'), true)) return true;
    }
    return this.decide(path, false);
  }

  /** The last matching rule decides. */
  private decide(path: string, isDirectory: boolean): boolean {
    let ignored = false;
    for (const rule of this.rules) {
      if (rule.directoryOnly && !isDirectory) continue;
      if (rule.matches(path)) ignored = !rule.negate;
    }
    return ignored;
  }
}

function parseRule(rawLine: string): IgnoreRule | undefined {
  // Trailing spaces are dropped unless escaped with a backslash.
  let line = rawLine.replace(/(?<!\\)\s+$/, '');
  if (line === '' || line.startsWith('#')) return undefined;
  let negate = false;
  if (line.startsWith('!')) {
    negate = true;
    line = line.slice(1);
  } else if (line.startsWith('\\!') || line.startsWith('\\#')) {
    line = line.slice(1);
  }
  const directoryOnly = line.endsWith('/');
  if (directoryOnly) line = line.replace(/\/+$/, '');
  if (line === '') return undefined;
  // A slash at the start or in the middle anchors the pattern at the root; otherwise it matches at any depth.
  const anchored = line.includes('/');
  const pattern = line.replace(/^\//, '');
  const match = picomatch(pattern, { dot: true, posix: true });
  const matches = anchored ? match : (path: string) => match(path.slice(path.lastIndexOf('/') + 1));
  return { negate, directoryOnly, matches };
}
