import picomatch from 'picomatch';
import { AppError } from '../../shared/errors.js';
import { escapeLike } from './glob-lookup.js';

/** What `find` looks for; exactly one of the options of the command. */
export type FindQuery =
  | { readonly kind: 'hash'; readonly hash: string }
  | { readonly kind: 'glob'; readonly glob: string; readonly matches: (path: string) => boolean }
  | { readonly kind: 'ext'; readonly ext: string }
  | { readonly kind: 'name'; readonly text: string };

export interface FindOptions {
  readonly hash?: string | undefined;
  readonly file?: string | undefined;
  readonly ext?: string | undefined;
  readonly name?: string | undefined;
}

/** Validates find's input into one query; bad input is a BadRequest with a one-line reason. */
export function parseFindQuery(options: FindOptions): FindQuery {
  const given = (['hash', 'file', 'ext', 'name'] as const).filter((key) => options[key] !== undefined);
  if (given.length !== 1) throw new AppError('BadRequest', 'Give exactly one of --hash, --file, --ext or --name');
  if (options.hash !== undefined) return { kind: 'hash', hash: parseHash(options.hash) };
  if (options.file !== undefined) return { kind: 'glob', glob: options.file, matches: compileGlob(options.file) };
  if (options.ext !== undefined) {
    const ext = options.ext.replace(/^\./, '');
    if (ext === '' || ext.includes('/')) throw new AppError('BadRequest', `--ext must be a file extension such as gguf or .safetensors (got "${options.ext}")`);
    return { kind: 'ext', ext };
  }
  const text = options.name ?? '';
  if (text === '') throw new AppError('BadRequest', '--name must not be empty');
  return { kind: 'name', text };
}

/** A git oid (40 hex digits) or a sha256 (64), lowercased. */
export function parseHash(value: string): string {
  const hash = value.trim().toLowerCase();
  if (!/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(hash)) {
    throw new AppError('BadRequest', `--hash must be a git oid (40 hex digits) or a sha256 (64 hex digits) (got "${value}")`);
  }
  return hash;
}

/**
 * A glob over file paths (picomatch syntax). A glob without "/" matches the file name at any
 * depth, so `config.json` and `*.gguf` find files in subfolders too. Unbalanced brackets,
 * braces or parentheses are refused rather than read literally.
 */
export function compileGlob(glob: string): (path: string) => boolean {
  if (glob.trim() === '') throw new AppError('BadRequest', '--file must be a glob such as "*.gguf" or "**/config.json"');
  try {
    const options = { dot: true, strictBrackets: true, basename: !glob.includes('/') };
    const regex = picomatch.makeRe(glob, options);
    if (regex.source === '$^') throw new Error('it can match nothing');
    return picomatch(glob, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError('BadRequest', `--file "${glob}" is not a valid glob: ${reason}`);
  }
}

/** A LIKE pattern (escape character backslash) for names containing `text` or ending in `.ext`. */
export function likePattern(query: { readonly kind: 'ext'; readonly ext: string } | { readonly kind: 'name'; readonly text: string }): string {
  return query.kind === 'ext' ? `%.${escapeLike(query.ext)}` : `%${escapeLike(query.text)}%`;
}
