import { useState, type FormEvent, type ReactNode } from 'react';
import { isAppError } from '../../../shared/errors.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { useDesktop } from '../../store/desktop-context.js';
import { useApi, useAppStore } from '../../store/store-context.js';
import { FormError } from '../../components/FormError.js';

export function CacheFolderForm({ current }: { readonly current: string | null }): ReactNode {
  const api = useApi();
  // In the desktop app the OS folder picker fills the field; in a browser the path is typed.
  const desktop = useDesktop();
  const invalidate = useAppStore((state) => state.invalidateQueries);
  const notify = useAppStore((state) => state.notify);
  const [target, setTarget] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setError(undefined);
    setConfirming(true);
  };

  const pick = (): void => {
    void desktop?.pickFolder({ title: 'Move the Hugging Face cache to', ...(current === null ? {} : { defaultPath: current }) }).then((path) => {
      if (path !== null) setTarget(path);
    });
  };

  const move = (): void => {
    setBusy(true);
    api.moveCache(target.trim()).then(
      (result) => {
        setBusy(false);
        setConfirming(false);
        setTarget('');
        invalidate('settings', 'library', 'disk', 'repo:cache', 'tree:cache');
        notify(`The cache is now in ${result.path}.`);
      },
      (failure: unknown) => {
        setBusy(false);
        setConfirming(false);
        setError(isAppError(failure) ? failure.message : 'The core could not be reached');
      },
    );
  };

  return (
    <>
      <p>
        Current folder: <code>{current ?? 'not available'}</code>
      </p>
      <form className="form inline-form" onSubmit={submit}>
        <label htmlFor="cache-target">Move the cache to</label>
        <input id="cache-target" type="text" placeholder="/path/to/new/cache" value={target} onChange={(event) => setTarget(event.target.value)} required />
        {desktop !== undefined && (
          <button type="button" onClick={pick} disabled={busy}>
            Choose…
          </button>
        )}
        <button type="submit" disabled={target.trim() === '' || busy}>
          Move…
        </button>
      </form>
      <p className="hint">The old folder becomes a link to the new one, so Python and other tools keep finding the cache.</p>
      <FormError message={error} />
      <ConfirmDialog
        open={confirming}
        title="Move the cache?"
        confirmLabel={busy ? 'Moving…' : 'Move'}
        busy={busy}
        onConfirm={move}
        onCancel={() => setConfirming(false)}
      >
        <p>
          Every cached file moves to <code>{target.trim()}</code>. Downloads pause while it moves.
        </p>
      </ConfirmDialog>
    </>
  );
}
