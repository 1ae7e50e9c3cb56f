import { useState, type FormEvent, type ReactNode } from 'react';
import type { Settings } from '../../../shared/app-api.js';
import { formatBytes } from '../../format/bytes.js';
import { checkThresholdDraft } from './server-settings-draft.js';
import { useSaveSettings } from './use-save-settings.js';
import { FormError } from '../../components/FormError.js';

/** The hub's LFS threshold; a change applies to the next upload. */
export function LfsThresholdForm({ settings }: { readonly settings: Settings }): ReactNode {
  const [draft, setDraft] = useState(String(settings.lfsThreshold));
  const { busy, error, save } = useSaveSettings();
  const checked = checkThresholdDraft(draft);
  const unchanged = checked.ok && checked.value.bytes === settings.lfsThreshold;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!checked.ok) return;
    save({ lfsThreshold: checked.value.bytes }, `Files of ${checked.value.reads} or more now go through LFS.`);
  };

  return (
    <form className="form setting-form" onSubmit={submit} aria-labelledby="lfs-threshold-title">
      <h3 id="lfs-threshold-title">LFS threshold</h3>
      <p className="hint">
        Files of at least this size are stored as LFS objects. A change applies to the next upload; files already committed stay as they
        are. In force now: <span className="numbers">{formatBytes(settings.lfsThreshold)}</span> (
        <span className="numbers">{settings.lfsThreshold.toLocaleString('en-US')}</span> bytes).
      </p>
      <div className="setting-row">
        <label htmlFor="lfs-threshold">Threshold</label>
        <input
          id="lfs-threshold"
          type="text"
          inputMode="numeric"
          autoComplete="off"
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          disabled={settings.lfsThresholdLocked}
          aria-invalid={!checked.ok}
          aria-describedby="lfs-threshold-check"
        />
        <button type="submit" className="primary" disabled={!checked.ok || unchanged || busy || settings.lfsThresholdLocked}>
          {busy ? 'Saving…' : 'Save threshold'}
        </button>
      </div>
      <p id="lfs-threshold-check" className={`setting-check numbers ${checked.ok ? 'muted' : 'form-error'}`}>
        {checked.ok ? `= ${checked.value.reads}` : checked.problem}
      </p>
      {settings.lfsThresholdLocked && (
        <p className="hint">
          <code>HUBKEEPER_LFS_THRESHOLD</code> (or a start option) sets the threshold of this run; start HubKeeper without it to change the
          threshold here.
        </p>
      )}
      <FormError message={error} />
    </form>
  );
}
