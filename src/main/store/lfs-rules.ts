import { isUtf8 } from 'node:buffer';
import picomatch from 'picomatch';

export const DEFAULT_LFS_THRESHOLD = 10 * 1024 * 1024;
/**
 * Highest per-repo threshold: files below it travel base64-encoded inside one NDJSON commit line,
 * which the commit route caps at 256 MiB, so a larger threshold would promise commits it refuses.
 */
export const MAX_REPO_LFS_THRESHOLD = 192 * 1024 * 1024;
export const MAX_LFS_SUFFIX_RULES = 100;
export const MAX_LFS_SUFFIX_LENGTH = 64;
const SAMPLE_BYTES = 512;
const LFS_ATTRIBUTES = 'filter=lfs diff=lfs merge=lfs -text';

/** The .gitattributes a new repo starts with: common binary model and data formats go to LFS. */
export const DEFAULT_GITATTRIBUTES = [
  '*.7z', '*.arrow', '*.bin', '*.bz2', '*.ckpt', '*.ftz', '*.gguf', '*.gz', '*.h5', '*.joblib', '*.lfs.*',
  '*.mlmodel', '*.model', '*.msgpack', '*.npy', '*.npz', '*.onnx', '*.ot', '*.parquet', '*.pb', '*.pickle',
  '*.pkl', '*.pt', '*.pth', '*.rar', '*.safetensors', '*.tar', '*.tflite', '*.tgz', '*.wasm', '*.xz', '*.zip',
  '*.zst', '*tfevents*',
].map((pattern) => `${pattern} ${LFS_ATTRIBUTES}\n`).join('');

interface AttributeRule {
  readonly matches: (path: string) => boolean;
  /** true: filter=lfs set; false: filter unset or set to something else; undefined: rule says nothing of filter. */
  readonly lfs: boolean | undefined;
}

/** The `filter=lfs` rules of a .gitattributes file at the repo root. */
export class GitAttributes {
  private readonly rules: readonly AttributeRule[];

  constructor(text: string) {
    this.rules = parseRules(text);
  }

  /** Git semantics: the last matching line that mentions `filter` decides. */
  isLfs(path: string): boolean {
    let lfs = false;
    for (const rule of this.rules) {
      if (rule.lfs !== undefined && rule.matches(path)) lfs = rule.lfs;
    }
    return lfs;
  }
}

/**
 * Parsed .gitattributes files by blob oid, the most recent `capacity`: every commit reads its
 * branch's rules, and parsing compiles a glob per line (a fifth of a one-file commit's CPU time,
 * measured in the soak benchmark), while the file itself rarely changes.
 */
export class GitAttributesCache {
  private readonly parsed = new Map<string, GitAttributes>();

  constructor(private readonly capacity = 64) {}

  get(blobOid: string, read: () => string): GitAttributes {
    const cached = this.parsed.get(blobOid);
    if (cached) {
      this.parsed.delete(blobOid);
      this.parsed.set(blobOid, cached);
      return cached;
    }
    const attributes = new GitAttributes(read());
    if (this.parsed.size >= this.capacity) {
      const oldest = this.parsed.keys().next();
      if (!oldest.done) this.parsed.delete(oldest.value);
    }
    this.parsed.set(blobOid, attributes);
    return attributes;
  }
}

function parseRules(text: string): AttributeRule[] {
  const rules: AttributeRule[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [pattern, ...attributes] = splitUnescaped(line);
    if (!pattern || pattern.startsWith('!')) continue;
    rules.push({ matches: compilePattern(pattern), lfs: filterValue(attributes) });
  }
  return rules;
}

function filterValue(attributes: readonly string[]): boolean | undefined {
  let value: boolean | undefined;
  for (const attribute of attributes) {
    if (attribute === 'filter=lfs') value = true;
    else if (attribute.startsWith('filter=') || attribute === '-filter' || attribute === '!filter') value = false;
  }
  return value;
}

/** Splits on whitespace that is not escaped with a backslash. */
function splitUnescaped(line: string): string[] {
  return line.split(/(?<!\\)\s+/).filter((part) => part !== '');
}

/**
 * Git matches a pattern without a slash against the basename at any depth, and a pattern with a
 * slash against the whole path from the root (FNM_PATHNAME, `**` crossing folders).
 */
function compilePattern(pattern: string): (path: string) => boolean {
  const anchored = pattern.replace(/^\//, '');
  const options = { dot: true, posix: true } as const;
  // "*.safetensors" and the like (most lines of a model repo's .gitattributes): a suffix test.
  // Preupload and commits test every path against every line; the glob cost 80 ms per 5,000 files.
  const suffix = /^\*(\.[\w.-]+)$/.exec(pattern)?.[1];
  if (suffix !== undefined) return (path) => path.endsWith(suffix);
  if (!pattern.includes('/')) {
    const match = picomatch(anchored, options);
    return (path) => match(path.slice(path.lastIndexOf('/') + 1));
  }
  const match = picomatch(anchored, options);
  return (path) => match(path);
}

/** A .gitattributes line that makes exactly this path an LFS file (special characters escaped). */
export function lfsAttributeLine(path: string): string {
  const escaped = path
    .replace(/[\\*?[\]]/g, (c) => `\\${c}`)
    .replace(/\s/g, '[[:space:]]')
    .replace(/^([#!])/, '\\$1');
  return `${escaped} ${LFS_ATTRIBUTES}\n`;
}

/** Returns the .gitattributes text extended so that every path in `lfsPaths` is covered, or undefined if already. */
export function ensureLfsCoverage(current: string, lfsPaths: Iterable<string>): string | undefined {
  const attributes = new GitAttributes(current);
  const missing = [...new Set(lfsPaths)].filter((path) => !attributes.isLfs(path)).sort();
  if (missing.length === 0) return undefined;
  const base = current === '' || current.endsWith('\n') ? current : `${current}\n`;
  return base + missing.map(lfsAttributeLine).join('');
}

export interface LfsDecisionInput {
  readonly path: string;
  readonly size: number;
  /** Up to the first 512 bytes of the content. */
  readonly sample: Uint8Array;
}

/**
 * HF's rule: .gitattributes says LFS, or the file is at least the threshold, or the sample looks
 * binary; plus KohakuHub's per-repo suffix rules (".safetensors": LFS at any size). Empty files never.
 */
export function shouldUseLfs(
  input: LfsDecisionInput,
  attributes: GitAttributes,
  threshold: number,
  suffixRules: readonly string[] = [],
): boolean {
  if (input.size === 0) return false;
  if (attributes.isLfs(input.path)) return true;
  if (input.size >= threshold) return true;
  if (matchesLfsSuffix(input.path, suffixRules)) return true;
  return looksBinary(input.sample.subarray(0, SAMPLE_BYTES));
}

/** Suffix rules compare case-insensitively, as KohakuHub does ("W.SafeTensors" matches ".safetensors"). */
export function matchesLfsSuffix(path: string, suffixRules: readonly string[]): boolean {
  if (suffixRules.length === 0) return false;
  const lower = path.toLowerCase();
  return suffixRules.some((suffix) => lower.endsWith(suffix.toLowerCase()));
}

/** Why a suffix rule is not acceptable, or undefined: a dot, then 1 to 63 characters with no slash or space. */
export function lfsSuffixProblem(suffix: string): string | undefined {
  if (!suffix.startsWith('.') || suffix.length < 2) return 'must start with "." and name a suffix, like ".safetensors"';
  if (suffix.length > MAX_LFS_SUFFIX_LENGTH) return `must be at most ${MAX_LFS_SUFFIX_LENGTH} characters`;
  if (/[/\\\s\p{Cc}]/u.test(suffix)) return 'must not contain slashes, spaces or control characters';
  return undefined;
}

/** A NUL byte or invalid UTF-8 (a sequence cut at the sample's end does not count). */
export function looksBinary(sample: Uint8Array): boolean {
  if (sample.includes(0)) return true;
  // The common case, whole valid UTF-8, without a decoder per file (TextDecoder's set-up dominated).
  if (isUtf8(sample)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: true });
    return false;
  } catch {
    return true;
  }
}
