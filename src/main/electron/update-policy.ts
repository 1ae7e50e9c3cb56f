import type { UpdateStatus } from '../../shared/desktop-bridge.js';

export const UPDATE_CHECK_INTERVAL_MS = 6 * 60 * 60 * 1000;

export interface UpdatePolicyInput {
  readonly isPackaged: boolean;
  /** electron-builder writes `app-update.yml` into the resources only when a `publish` target is configured. */
  readonly hasUpdateConfig: boolean;
}

/** Development runs and builds without a publish target have nowhere to look for updates. */
export function shouldCheckForUpdates(input: UpdatePolicyInput): boolean {
  return input.isPackaged && input.hasUpdateConfig;
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
  if (!input.isPackaged) return { state: 'unsupported', problem: 'Updates come with the installed app, not a development run' };
  if (!input.hasUpdateConfig) return { state: 'unsupported', problem: 'This build has no update channel' };
  return { state: 'idle' };
}
