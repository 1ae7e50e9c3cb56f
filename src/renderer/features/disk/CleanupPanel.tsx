import { useState, type ReactNode } from 'react';
import type { CleanupPreview, DiskRepo } from '../../../shared/app-api.js';
import { isAppError } from '../../../shared/errors.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { formatBytes } from '../../format/bytes.js';
import { shortHash } from '../../format/oids.js';
import { useApi, useAppStore } from '../../store/store-context.js';
import { FormError } from '../../components/FormError.js';

type Phase =
  | { readonly step: 'choosing' }
  | { readonly step: 'previewing' }
  | { readonly step: 'confirming'; readonly preview: CleanupPreview }
  | { readonly step: 'deleting'; readonly preview: CleanupPreview };

/** Pick cached snapshots, see what deleting them frees, confirm, delete. */
export function CleanupPanel({ repos }: { readonly repos: readonly DiskRepo[] }): ReactNode {
  const api = useApi();
  const selection = useAppStore((state) => state.cleanupSelection);
  const toggle = useAppStore((state) => state.toggleCleanup);
  const clear = useAppStore((state) => state.clearCleanup);
  const invalidate = useAppStore((state) => state.invalidateQueries);
  const notify = useAppStore((state) => state.notify);
  const [phase, setPhase] = useState<Phase>({ step: 'choosing' });
  const [error, setError] = useState<string | undefined>(undefined);
  const cached = repos.filter((repo) => repo.source === 'cache');
  const chosen = Object.keys(selection);

  const fail = (failure: unknown): void => {
    setError(isAppError(failure) ? failure.message : 'The core could not be reached');
    setPhase({ step: 'choosing' });
  };

  const preview = (): void => {
    setError(undefined);
    setPhase({ step: 'previewing' });
    api.previewCleanup({ revisions: chosen }).then((result) => setPhase({ step: 'confirming', preview: result }), fail);
  };

  const confirm = (): void => {
    if (phase.step !== 'confirming') return;
    setPhase({ step: 'deleting', preview: phase.preview });
    api.cleanup({ revisions: chosen }).then((result) => {
      setPhase({ step: 'choosing' });
      clear();
      invalidate('disk', 'library', 'repo:cache', 'tree:cache');
      notify(`Freed ${formatBytes(result.freedBytes)} by deleting ${result.revisions} ${result.revisions === 1 ? 'snapshot' : 'snapshots'}.`);
    }, fail);
  };

  const dialogPreview = phase.step === 'confirming' || phase.step === 'deleting' ? phase.preview : undefined;

  return (
    <section aria-labelledby="cleanup-title">
      <h2 id="cleanup-title">Clean up the cache</h2>
      {cached.length === 0 ? (
        <p className="hint">The Hugging Face cache holds nothing to clean up.</p>
      ) : (
        <>
          <fieldset className="cleanup-list">
            <legend>Snapshots to delete</legend>
            {cached.flatMap((repo) =>
              repo.revisions.map((revision) => {
                const value = `${repo.type}:${repo.id}@${revision.commit}`;
                const id = `cleanup-${repo.type}-${repo.id}-${revision.commit}`.replace(/[^A-Za-z0-9_-]/g, '-');
                return (
                  <div key={value} className="check-row">
                    <input id={id} type="checkbox" checked={selection[value] === true} onChange={() => toggle(value)} />
                    <label htmlFor={id}>
                      {repo.id} @ {revision.refs.length > 0 ? revision.refs.join(', ') : shortHash(revision.commit)}{' '}
                      <span className="muted">({formatBytes(revision.sizeOnDisk)})</span>
                    </label>
                  </div>
                );
              }),
            )}
          </fieldset>
          <div className="actions">
            <button type="button" className="danger" disabled={chosen.length === 0 || phase.step !== 'choosing'} onClick={preview}>
              {phase.step === 'previewing' ? 'Working out the space freed…' : `Delete ${chosen.length || ''} selected…`}
            </button>
          </div>
        </>
      )}
      <FormError message={error} />
      <ConfirmDialog
        open={dialogPreview !== undefined}
        title="Delete cached snapshots?"
        confirmLabel={phase.step === 'deleting' ? 'Deleting…' : 'Delete'}
        danger
        busy={phase.step !== 'confirming'}
        onConfirm={confirm}
        onCancel={() => setPhase({ step: 'choosing' })}
      >
        {dialogPreview && (
          <p data-testid="cleanup-preview">
            Deleting {dialogPreview.revisions} {dialogPreview.revisions === 1 ? 'snapshot' : 'snapshots'} frees{' '}
            <strong>{formatBytes(dialogPreview.freedBytes)}</strong>. Files other snapshots still use are kept.
          </p>
        )}
      </ConfirmDialog>
    </section>
  );
}
