import type { DesktopBridge } from '../../shared/desktop-bridge.js';
import type { HealthView } from '../store/health-slice.js';

export type StatusTone = 'pending' | 'ok' | 'warning' | 'error';

export interface StatusLabel {
  readonly text: string;
  readonly tone: StatusTone;
}

export function statusLabel(view: HealthView): StatusLabel {
  switch (view.phase) {
    case 'idle':
      return { text: 'Checking…', tone: 'pending' };
    case 'ready':
      return view.health.status === 'ok'
        ? { text: 'Running', tone: 'ok' }
        : { text: `Degraded (${view.health.status})`, tone: 'warning' };
    case 'error':
      return { text: 'Unreachable', tone: 'error' };
  }
}

const PLATFORM_NAMES: Readonly<Record<string, string>> = { linux: 'Linux', darwin: 'macOS', win32: 'Windows' };

export function runtimeLabel(bridge: Pick<DesktopBridge, 'appVersion' | 'platform'> | undefined): string {
  if (bridge === undefined) return 'Web browser';
  return `Desktop app ${bridge.appVersion} on ${PLATFORM_NAMES[bridge.platform] ?? bridge.platform}`;
}
