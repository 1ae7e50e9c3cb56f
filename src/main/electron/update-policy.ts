import type { UpdateStatus } from '../../shared/desktop-bridge.js';

/** Checked at start, then daily. */
export const UPDATE_CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** The environment variable naming a generic update feed (a folder URL holding `latest*.yml`). */
export const UPDATE_FEED_VARIABLE = 'HUBKEEPER_UPDATE_FEED';

export interface UpdatePolicyInput {
  readonly isPackaged: boolean;
  /** electron-builder writes `app-update.yml` into the resources only when a `publish` target is configured. */
  readonly hasUpdateConfig: boolean;
  /** The feed set at run time (`HUBKEEPER_UPDATE_FEED`); it wins over the one built in. */
  readonly feedUrl?: string | undefined;
}

/** Where updates come from: a feed set at run time, the one built into the app, or nowhere (and why). */
export type UpdateFeed =
  | { readonly kind: 'generic'; readonly url: string }
  | { readonly kind: 'built-in' }
  | { readonly kind: 'none'; readonly problem: string };

export function updateFeed(input: UpdatePolicyInput): UpdateFeed {
  if (!input.isPackaged) return { kind: 'none', problem: 'Updates come with the installed app, not a development run' };
  const configured = input.feedUrl?.trim();
  if (configured) {
    let url: URL;
    try {
      url = new URL(configured);
    } catch {
      return { kind: 'none', problem: `${UPDATE_FEED_VARIABLE} is not a URL: ${configured}` };
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return { kind: 'none', problem: `${UPDATE_FEED_VARIABLE} must be an http(s) URL, not ${url.protocol}` };
    if (url.username || url.password) return { kind: 'none', problem: `${UPDATE_FEED_VARIABLE} may not hold credentials` };
    return { kind: 'generic', url: url.href };
  }
  if (input.hasUpdateConfig) return { kind: 'built-in' };
  return { kind: 'none', problem: `This build has no update channel (set ${UPDATE_FEED_VARIABLE} to a feed URL)` };
}

/** Development runs, and builds with neither a built-in nor a configured feed, have nowhere to look. */
export function shouldCheckForUpdates(input: UpdatePolicyInput): boolean {
  return updateFeed(input).kind !== 'none';
}

/** What electron-updater reports, reduced to what the UI shows. */
export type UpdaterEvent =
  | { readonly type: 'checking' }
  | { readonly type: 'available'; readonly version: string }
  | { readonly type: 'not-available' }
  | { readonly type: 'downloaded'; readonly version: string }
  | { readonly type: 'error'; readonly message: string };

/** The status after an updater event; a downloaded update stays ready whatever a later check says. */
export function nextUpdateStatus(current: UpdateStatus, event: UpdaterEvent): UpdateStatus {
  if (current.state === 'unsupported') return current;
  if (current.state === 'ready' && event.type !== 'downloaded') return current;
  switch (event.type) {
    case 'checking':
      return { state: 'checking' };
    case 'available':
      return { state: 'downloading', version: event.version };
    case 'not-available':
      return { state: 'up-to-date' };
    case 'downloaded':
      return { state: 'ready', version: event.version };
    case 'error':
      return { state: 'error', problem: event.message };
  }
}

/** Where the status starts: a build that cannot update says why. */
export function initialUpdateStatus(input: UpdatePolicyInput): UpdateStatus {
  const feed = updateFeed(input);
  return feed.kind === 'none' ? { state: 'unsupported', problem: feed.problem } : { state: 'idle' };
}
