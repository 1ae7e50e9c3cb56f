import { useEffect, useState, type ReactNode } from 'react';
import type { DesktopBridge, UpdateStatus } from '../../shared/desktop-bridge.js';
import { updateLabel } from '../format/update-label.js';
import { FormError } from './FormError.js';

/** The desktop app's self-update: its status, Check now, and Restart to update once one is ready. */
export function UpdatePanel({ desktop }: { readonly desktop: DesktopBridge }): ReactNode {
  const [status, setStatus] = useState<UpdateStatus | undefined>(undefined);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  useEffect(() => {
    let live = true;
    void desktop.updateStatus().then((next) => live && setStatus(next));
    return () => {
      live = false;
    };
  }, [desktop]);

  const check = (): void => {
    setStatus({ state: 'checking' });
    void desktop.checkForUpdate().then(setStatus);
  };
  const install = (): void => {
    void desktop.installUpdate().then((result) => setProblem(result.ok ? undefined : result.problem));
  };

  return (
    <section className="panel" aria-labelledby="update-title">
      <div className="panel-header">
        <h2 id="update-title">Updates</h2>
        {status?.state === 'ready' ? (
          <button type="button" className="primary" onClick={install}>
            Restart to update
          </button>
        ) : (
          <button type="button" onClick={check} disabled={status === undefined || status.state === 'unsupported' || status.state === 'checking'}>
            Check now
          </button>
        )}
      </div>
      <p role="status">{status === undefined ? 'Asking the desktop app…' : updateLabel(status)}</p>
      <FormError message={problem} />
    </section>
  );
}
