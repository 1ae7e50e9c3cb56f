import { readFileSync } from 'node:fs';
import { chmod, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../../shared/errors.js';
import { writeAtomic } from '../files/index.js';
import { cleanToken } from '../../shared/token-format.js';

/** The files `hf auth login` reads and writes (HF_TOKEN_PATH and the `stored_tokens` beside it). */
export interface TokenPaths {
  readonly tokenPath: string;
  readonly storedTokensPath: string;
}

/** The active token: the token file's content, cleaned as Python's `_get_token_from_file` does. */
export async function readTokenFile(paths: TokenPaths): Promise<string | undefined> {
  const text = await readIfExists(paths.tokenPath);
  return text === undefined ? undefined : cleanToken(text);
}

/** The token file read synchronously, for a token looked up at each request (an unreadable file counts as none). */
export function readTokenFileSync(tokenPath: string): string | undefined {
  try {
    return cleanToken(readFileSync(tokenPath, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Named tokens from `stored_tokens` (INI: one `[name]` section per token with an `hf_token` key). */
export async function readStoredTokens(paths: TokenPaths): Promise<Map<string, string>> {
  const text = await readIfExists(paths.storedTokensPath);
  return text === undefined ? new Map() : parseStoredTokens(text);
}

/**
 * Parses the INI as Python's configparser reads it for this file: `[section]` headers, `key =
 * value` or `key: value` lines (keys are case-insensitive), `#`/`;` comment lines. Sections
 * without an `hf_token` are skipped.
 */
export function parseStoredTokens(text: string): Map<string, string> {
  const tokens = new Map<string, string>();
  let section: string | undefined;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[(.+)\]$/.exec(line);
    if (header?.[1] !== undefined) {
      section = header[1];
      continue;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (section === undefined || !pair?.[1] || pair[2] === undefined || pair[1].toLowerCase() !== 'hf_token') continue;
    const token = cleanToken(pair[2]);
    if (token !== undefined) tokens.set(section, token);
  }
  return tokens;
}

/** Formats tokens exactly as Python's `_save_stored_tokens` (configparser.write, names sorted). */
export function formatStoredTokens(tokens: ReadonlyMap<string, string>): string {
  return [...tokens.keys()]
    .sort()
    .map((name) => `[${name}]\nhf_token = ${tokens.get(name) ?? ''}\n\n`)
    .join('');
}

/** Adds or replaces a named token in `stored_tokens`. */
export async function saveStoredToken(paths: TokenPaths, name: string, token: string): Promise<void> {
  checkTokenName(name);
  const tokens = await readStoredTokens(paths);
  tokens.set(name, token);
  await writeSecret(paths.storedTokensPath, formatStoredTokens(tokens));
}

/** Makes a stored token the active one by writing it to the token file (`hf auth switch`). */
export async function setActiveToken(paths: TokenPaths, name: string): Promise<string> {
  const token = (await readStoredTokens(paths)).get(name);
  if (token === undefined) throw new AppError('NotFound', `Access token ${name} not found in ${paths.storedTokensPath}`);
  await writeSecret(paths.tokenPath, token);
  return token;
}

export interface LogoutResult {
  /** Names removed from `stored_tokens`. */
  readonly removed: readonly string[];
  /** Whether the token file was deleted. */
  readonly activeCleared: boolean;
}

/**
 * `hf auth logout`: without a name, deletes the token file and every stored token; with one,
 * removes that token, and the token file too when it held that token.
 */
export async function logout(paths: TokenPaths, name?: string): Promise<LogoutResult> {
  const tokens = await readStoredTokens(paths);
  if (name === undefined) {
    const activeCleared = await unlinkIfExists(paths.tokenPath);
    await unlinkIfExists(paths.storedTokensPath);
    return { removed: [...tokens.keys()].sort(), activeCleared };
  }
  const token = tokens.get(name);
  if (token === undefined) return { removed: [], activeCleared: false };
  tokens.delete(name);
  await writeSecret(paths.storedTokensPath, formatStoredTokens(tokens));
  const activeCleared = (await readTokenFile(paths)) === token && (await unlinkIfExists(paths.tokenPath));
  return { removed: [name], activeCleared };
}

/** A section name configparser can read back: no brackets or line breaks. */
function checkTokenName(name: string): void {
  if (name.trim() === '' || /[[\]\r\n]/.test(name)) throw new AppError('BadRequest', `Invalid token name ${JSON.stringify(name)}`);
}

/**
 * Writes a secret as Python's `_write_secret` leaves it (file 0600, folder 0700 on POSIX), but
 * through a temp file and a rename so a reader never sees half a token.
 */
async function writeSecret(path: string, content: string): Promise<void> {
  await writeAtomic(path, content, { mode: 0o600, dirMode: 0o700 });
  await chmod(dirname(path), 0o700).catch(() => undefined);
}

async function readIfExists(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function unlinkIfExists(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
