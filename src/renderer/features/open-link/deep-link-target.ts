import type { RemoteHub } from '../../../shared/app-api.js';
import type { DeepLink } from '../../../shared/deep-link.js';
import type { Route } from '../../routing/routes.js';
import type { RemoteBrowserState } from '../../store/remote-slice.js';

/** Where a checked link takes the user once they confirm, and what to ask them. */
export type DeepLinkTarget =
  | {
      readonly ok: true;
      /** What the link asks for, in a sentence. */
      readonly summary: string;
      /** The button that goes on. */
      readonly action: string;
      readonly route: Route;
      /** For downloads and remote repos: the Remote screen opened at the repo (its Download button confirms). */
      readonly remote?: Partial<Omit<RemoteBrowserState, 'ticked'>>;
    }
  | { readonly ok: false; readonly problem: string };

export interface DeepLinkContext {
  readonly hubs: readonly RemoteHub[];
  /** Ids of the repos of that type in the HF cache (an open-repo link prefers the cached copy). */
  readonly cached: (type: DeepLink['type'], repo: string) => boolean;
}

function findHub(hubs: readonly RemoteHub[], wanted: string): RemoteHub | undefined {
  const name = wanted.toLowerCase();
  return hubs.find((hub) => hub.id === wanted) ?? hubs.find((hub) => hub.name.toLowerCase() === name);
}

/**
 * What the UI does with a link. Nothing happens before the user clicks: a download goes to the
 * Remote screen with the repo and its file patterns filled in, where Download starts it.
 */
export function deepLinkTarget(link: DeepLink, context: DeepLinkContext): DeepLinkTarget {
  const at = link.revision === undefined ? '' : ` at ${link.revision}`;
  switch (link.action) {
    case 'open-repo': {
      const source = context.cached(link.type, link.repo) ? 'cache' : 'hub';
      return {
        ok: true,
        summary: `Open the ${link.type} ${link.repo}${at}.`,
        action: 'Open',
        route: { screen: 'repo', source, type: link.type, id: link.repo, revision: link.revision, tab: 'files' },
      };
    }
    case 'download':
    case 'open-remote': {
      const hub = link.action === 'open-remote' ? findHub(context.hubs, link.hub) : context.hubs[0];
      if (hub === undefined) {
        return { ok: false, problem: link.action === 'open-remote' ? `No remote hub is called "${link.hub}": add it in Settings first.` : 'No remote hub is set up to download from.' };
      }
      const files = link.action === 'download' && link.include.length > 0 ? ` (files matching ${link.include.join(', ')})` : '';
      return {
        ok: true,
        summary:
          link.action === 'download'
            ? `Download the ${link.type} ${link.repo}${at}${files} from ${hub.name}. You choose the files before anything is fetched.`
            : `Open the ${link.type} ${link.repo}${at} on ${hub.name}.`,
        action: link.action === 'download' ? 'Review the download' : 'Open',
        route: { screen: 'remote' },
        remote: {
          hubId: hub.id,
          type: link.type,
          query: link.repo,
          draft: link.repo,
          repo: link.repo,
          revision: link.revision ?? 'main',
          patterns: link.action === 'download' ? link.include.join(', ') : '',
        },
      };
    }
  }
}
