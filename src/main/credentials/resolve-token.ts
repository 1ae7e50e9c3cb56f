import type { HfConfig } from '../config.js';
import { readTokenFile } from './token-files.js';

export type TokenSource = 'argument' | 'environment' | 'file';

export interface ResolvedToken {
  readonly token: string;
  readonly source: TokenSource;
}

/** Python's `get_token` with an explicit token first: argument > HF_TOKEN (or HUGGING_FACE_HUB_TOKEN) > token file. */
export async function resolveToken(hf: HfConfig, explicit?: string): Promise<ResolvedToken | undefined> {
  const given = explicit?.trim();
  if (given) return { token: given, source: 'argument' };
  if (hf.token !== undefined) return { token: hf.token, source: 'environment' };
  const fromFile = await readTokenFile(hf);
  return fromFile === undefined ? undefined : { token: fromFile, source: 'file' };
}

/**
 * Python's `get_token_to_send`: an explicit token is always sent, `false` sends none, and the
 * implicit one (environment or file) only while HF_HUB_DISABLE_IMPLICIT_TOKEN is off.
 */
export async function tokenToSend(hf: HfConfig, explicit?: string | false): Promise<string | undefined> {
  if (explicit === false) return undefined;
  if (explicit !== undefined && explicit.trim() !== '') return explicit.trim();
  if (hf.disableImplicitToken) return undefined;
  return (await resolveToken(hf))?.token;
}
