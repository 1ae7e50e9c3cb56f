import type { RepoType } from '../../../shared/repo-id.js';

/** The git remote of a hub repo: the same URL form as huggingface.co (`/datasets/`, `/spaces/` prefixes). */
export function cloneUrl(origin: string, type: RepoType, id: string): string {
  const prefix = type === 'model' ? '' : `${type}s/`;
  return `${origin.replace(/\/+$/, '')}/${prefix}${id}`;
}

/** The URL with a token placeholder, for scripts that cannot answer git's credential prompt. */
export function cloneUrlWithToken(origin: string, type: RepoType, id: string): string {
  const url = new URL(cloneUrl(origin, type, id));
  return `${url.protocol}//git:<token>@${url.host}${url.pathname}`;
}
