import { useState, type FormEvent, type ReactNode } from 'react';
import type { Settings } from '../../../shared/app-api.js';
import { checkAddressDraft, isOpenToNetwork } from './server-settings-draft.js';
import { useSaveSettings } from './use-save-settings.js';
import { FormError } from '../../components/FormError.js';

/** The address the hub listens on; saved here, used from the next start. */
export function BindAddressForm({ settings }: { readonly settings: Settings }): ReactNode {
  const [draft, setDraft] = useState(settings.savedBindAddress ?? settings.bindAddress);
  const { busy, error, save } = useSaveSettings();
  const checked = checkAddressDraft(draft);
  const unchanged = checked.ok && checked.value === (settings.savedBindAddress ?? settings.bindAddress);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    if (!checked.ok) return;
    save({ bindAddress: checked.value }, `Saved ${checked.value}. HubKeeper listens there from its next start.`);
  };

  return (
    <form className="form setting-form" onSubmit={submit} aria-labelledby="bind-address-title">
      <h3 id="bind-address-title">Bind address</h3>
      <p className="hint">
        Listening now on <code>{settings.bindAddress}</code>. <strong>A new address applies at the next start</strong> of HubKeeper; until
        then the server stays where it is.
      </p>
      <div className="setting-row">
        <label htmlFor="bind-address">Address (host:port)</label>
        <input
          id="bind-address"
          type="text"
          autoComplete="off"
          spellCheck={false}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          aria-invalid={!checked.ok}
          aria-describedby="bind-address-check"
        />
        <button type="submit" className="primary" disabled={!checked.ok || unchanged || busy}>
          {busy ? 'Saving…' : 'Save address'}
        </button>
      </div>
      <p id="bind-address-check" className={`setting-check ${checked.ok ? 'muted' : 'form-error'}`}>
        {!checked.ok ? checked.problem : isOpenToNetwork(checked.value) ? 'Opens the hub to your network: every non-public read then needs a token.' : ''}
      </p>
      {settings.savedBindAddress !== null && settings.savedBindAddress !== settings.bindAddress && (
        <p className="hint">
          Saved for the next start: <code>{settings.savedBindAddress}</code>.
        </p>
      )}
      {settings.bindAddressOverridden && (
        <p className="hint">
          This run was started with <code>--host</code>/<code>--port</code> (or <code>HUBKEEPER_HOST</code>/<code>HUBKEEPER_PORT</code>);
          whenever they are given, they win over the saved address.
        </p>
      )}
      <FormError message={error} />
    </form>
  );
}
