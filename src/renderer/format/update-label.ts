import type { UpdateStatus } from '../../shared/desktop-bridge.js';

/** The update status in a sentence for the Settings screen. */
export function updateLabel(status: UpdateStatus): string {
  switch (status.state) {
    case 'unsupported':
      return status.problem ?? 'This build does not update itself.';
    case 'idle':
      return 'Updates are checked every few hours.';
    case 'checking':
      return 'Checking for an update…';
    case 'up-to-date':
      return 'HubKeeper is up to date.';
    case 'downloading':
      return `Downloading version ${status.version ?? 'unknown'}…`;
    case 'ready':
      return `Version ${status.version ?? 'unknown'} is ready: restart HubKeeper to use it.`;
    case 'error':
      return `The last check failed: ${status.problem ?? 'unknown error'}`;
  }
}
