import type { RepoSource } from '../../../shared/app-api.js';
import type { RepoType } from '../../../shared/repo-id.js';

export interface CardContext {
  readonly source: RepoSource;
  readonly type: RepoType;
  readonly id: string;
  readonly revision: string;
}

const TYPE_PREFIX: Readonly<Record<RepoType, string>> = { model: '', dataset: 'datasets/', space: 'spaces/' };

function isAbsolute(url: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(url) || url.startsWith('//');
}

/**
 * Where an image of a model card is loaded from. Relative paths of hub repos resolve to the hub's
 * own file URL (same origin, allowed by the UI's CSP); other sources and remote images are not
 * loaded (undefined): the UI works offline and never fetches from the internet behind the user's back.
 */
export function cardImageUrl(src: string, context: CardContext): string | undefined {
  if (src === '' || isAbsolute(src) || src.startsWith('#')) return src.startsWith('data:image/') ? src : undefined;
  if (context.source !== 'hub') return undefined;
  const path = src.replace(/^\.?\//, '').split('/').map(encodeURIComponent).join('/');
  return `/${TYPE_PREFIX[context.type]}${context.id}/resolve/${encodeURIComponent(context.revision)}/${path}`;
}

/** Links open outside the UI; anchors and relative links stay inert text targets. */
export function isExternalLink(href: string): boolean {
  return /^https?:\/\//i.test(href);
}
