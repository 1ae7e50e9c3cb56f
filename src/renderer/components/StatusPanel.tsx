import { useEffect, type ReactNode } from 'react';
import type { DesktopBridge } from '../../shared/desktop-bridge.js';
import { runtimeLabel, statusLabel } from '../format/health-labels.js';
import { useAppStore } from '../store/store-context.js';

const POLL_INTERVAL_MS = 15_000;

export interface StatusPanelProps {
  readonly desktop: DesktopBridge | undefined;
}

export function StatusPanel({ desktop }: StatusPanelProps): ReactNode {
  const health = useAppStore((state) => state.health);
  const checking = useAppStore((state) => state.healthChecking);
  const refreshHealth = useAppStore((state) => state.refreshHealth);

  useEffect(() => {
    const controller = new AbortController();
    const check = (): void => void refreshHealth(controller.signal);
    check();
    const timer = window.setInterval(check, POLL_INTERVAL_MS);
    return () => {
      window.clearInterval(timer);
      controller.abort();
    };
  }, [refreshHealth]);

  const label = statusLabel(health);
  const checkedAt = health.phase === 'idle' ? undefined : new Date(health.checkedAt);

  return (
    <section className="panel" aria-labelledby="status-title" aria-busy={checking}>
      <div className="panel-header">
        <h2 id="status-title">Core status</h2>
        <button type="button" onClick={() => void refreshHealth()}>
          Refresh
        </button>
      </div>
      <p className={`status status-${label.tone}`} role="status">
        <span className="status-dot" aria-hidden="true" />
        <span>{label.text}</span>
        {health.phase === 'error' && <span className="status-detail">{health.message}</span>}
      </p>
      <dl className="facts">
        <div>
          <dt>Core version</dt>
          <dd>{health.phase === 'ready' ? (health.health.version ?? 'unknown') : '—'}</dd>
        </div>
        <div>
          <dt>Hub endpoint (HF_ENDPOINT)</dt>
          <dd>
            <code>{window.location.origin}</code>
          </dd>
        </div>
        <div>
          <dt>Running in</dt>
          <dd>{runtimeLabel(desktop)}</dd>
        </div>
        <div>
          <dt>Last checked</dt>
          <dd>{checkedAt === undefined ? '—' : <time dateTime={checkedAt.toISOString()}>{checkedAt.toLocaleTimeString()}</time>}</dd>
        </div>
      </dl>
    </section>
  );
}
