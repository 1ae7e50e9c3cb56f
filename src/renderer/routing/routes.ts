import type { RepoSource } from '../../shared/app-api.js';
import { isRepoType, type RepoType } from '../../shared/repo-id.js';

export const REPO_TABS = ['files', 'card', 'history', 'compare', 'discussions', 'sync'] as const;
export type RepoTab = (typeof REPO_TABS)[number];

/** Every screen the UI can show, with what its URL carries. */
export type Route =
  | { readonly screen: 'library' }
  | {
      readonly screen: 'repo';
      readonly source: RepoSource;
      readonly type: RepoType;
      readonly id: string;
      readonly revision: string | undefined;
      readonly tab: RepoTab;
      /** The discussion or pull request open on the discussions tab (`?tab=discussions&num=3`). */
      readonly discussion?: number;
    }
  | { readonly screen: 'remote' }
  | { readonly screen: 'downloads' }
  | { readonly screen: 'disk' }
  | { readonly screen: 'settings' }
  | { readonly screen: 'tokens' }
  | {
      readonly screen: 'tracking';
      /** A key of the Tracking screen's tabs (unknown keys show the first). */
      readonly tab: string;
      /** The tracked repo the tab shows (files, diff). */
      readonly repo: number | undefined;
      /** The folder open in the file browser ("" for the root). */
      readonly path: string;
    }
  | { readonly screen: 'sign-in'; readonly code: string | undefined }
  /** A `hubkeeper://` link handed over by the desktop shell or a web page (`/open?url=`), shown before anything is done. */
  | { readonly screen: 'open'; readonly url: string };

export type Screen = Route['screen'];

export const DEFAULT_ROUTE: Route = { screen: 'library' };

/** The screens the sidebar links to. */
export type NavScreen = Exclude<Screen, 'repo' | 'sign-in' | 'open'>;

/** Where a sidebar link goes: the screen with nothing selected. */
export function homeRoute(screen: NavScreen): Route {
  return screen === 'tracking' ? { screen, tab: '', repo: undefined, path: '' } : { screen };
}

const SIMPLE_SCREENS = ['library', 'remote', 'downloads', 'disk', 'settings', 'tokens'] as const;

function isRepoTab(value: string | null): value is RepoTab {
  return value !== null && (REPO_TABS as readonly string[]).includes(value);
}

/**
 * Reads a location hash ("#/repo/hub/model/alice/tiny?rev=dev&tab=files"). Hash routes work for
 * any repo or file name (dots included) on reload, in the browser and in the desktop window.
 */
export function parseHash(hash: string): Route {
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  const [pathPart = '', queryPart = ''] = text.split('?', 2);
  const segments = pathPart.split('/').filter((segment) => segment !== '').map(safeDecode);
  const query = new URLSearchParams(queryPart);
  const [screen, ...rest] = segments;
  if (screen === undefined) return DEFAULT_ROUTE;
  if ((SIMPLE_SCREENS as readonly string[]).includes(screen) && rest.length === 0) {
    return { screen: screen as (typeof SIMPLE_SCREENS)[number] };
  }
  if (screen === 'sign-in') return { screen: 'sign-in', code: rest[0] };
  if (screen === 'open' && rest.length === 0) return { screen: 'open', url: query.get('url') ?? '' };
  if (screen === 'tracking' && rest.length === 0) {
    const repo = query.get('repo');
    return { screen: 'tracking', tab: query.get('tab') ?? '', repo: repo !== null && /^[1-9][0-9]{0,15}$/.test(repo) ? Number(repo) : undefined, path: query.get('path') ?? '' };
  }
  if (screen === 'repo') {
    const [source, type, ...idParts] = rest;
    if ((source === 'hub' || source === 'cache') && type !== undefined && isRepoType(type) && idParts.length > 0) {
      const tab = query.get('tab');
      const num = query.get('num');
      const route = {
        screen: 'repo',
        source,
        type,
        id: idParts.join('/'),
        revision: query.get('rev') ?? undefined,
        tab: isRepoTab(tab) ? tab : 'files',
      } as const;
      return tab === 'discussions' && num !== null && /^[1-9][0-9]{0,8}$/.test(num) ? { ...route, discussion: Number(num) } : route;
    }
  }
  return DEFAULT_ROUTE;
}

export function formatHash(route: Route): string {
  switch (route.screen) {
    case 'repo': {
      const query = new URLSearchParams();
      if (route.revision !== undefined) query.set('rev', route.revision);
      if (route.tab !== 'files') query.set('tab', route.tab);
      if (route.tab === 'discussions' && route.discussion !== undefined) query.set('num', String(route.discussion));
      const search = query.toString();
      const id = route.id.split('/').map(encodeURIComponent).join('/');
      return `#/repo/${route.source}/${route.type}/${id}${search === '' ? '' : `?${search}`}`;
    }
    case 'tracking': {
      const query = new URLSearchParams();
      if (route.tab !== '') query.set('tab', route.tab);
      if (route.repo !== undefined) query.set('repo', String(route.repo));
      if (route.path !== '') query.set('path', route.path);
      const search = query.toString();
      return `#/tracking${search === '' ? '' : `?${search}`}`;
    }
    case 'open':
      return `#/open?${new URLSearchParams({ url: route.url }).toString()}`;
    case 'sign-in':
      return route.code === undefined ? '#/sign-in' : `#/sign-in/${encodeURIComponent(route.code)}`;
    default:
      return `#/${route.screen}`;
  }
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
