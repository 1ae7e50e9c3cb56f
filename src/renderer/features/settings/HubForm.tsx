import { useId, useState, type FormEvent, type ReactNode } from 'react';
import type { RemoteHub } from '../../../shared/app-api.js';

export interface HubFormValues {
  readonly name: string;
  readonly endpoint: string;
  /** undefined: keep the saved token; "": remove it. */
  readonly token: string | undefined;
}

export interface HubFormProps {
  readonly title: string;
  readonly submitLabel: string;
  readonly hub?: RemoteHub;
  /** Built-in hubs keep their name and address; only the token changes. */
  readonly fixedAddress?: boolean;
  readonly onSubmit: (values: HubFormValues) => void;
  readonly onCancel?: () => void;
}

export function HubForm({ title, submitLabel, hub, fixedAddress = false, onSubmit, onCancel }: HubFormProps): ReactNode {
  const id = useId();
  const [name, setName] = useState(hub?.name ?? '');
  const [endpoint, setEndpoint] = useState(hub?.endpoint ?? '');
  const [token, setToken] = useState('');
  const [removeToken, setRemoveToken] = useState(false);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    onSubmit({ name: name.trim(), endpoint: endpoint.trim(), token: removeToken ? '' : token.trim() === '' ? undefined : token.trim() });
    if (hub === undefined) {
      setName('');
      setEndpoint('');
    }
    setToken('');
  };

  return (
    <form className="form hub-form" onSubmit={submit} aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{title}</h3>
      <label htmlFor={`${id}-name`}>Name</label>
      <input id={`${id}-name`} type="text" value={name} onChange={(event) => setName(event.target.value)} required disabled={fixedAddress} />
      <label htmlFor={`${id}-endpoint`}>Address</label>
      <input
        id={`${id}-endpoint`}
        type="url"
        placeholder="https://huggingface.co"
        value={endpoint}
        onChange={(event) => setEndpoint(event.target.value)}
        required
        disabled={fixedAddress}
      />
      <label htmlFor={`${id}-token`}>Token {hub?.hasToken === true ? '(leave empty to keep the saved one)' : '(optional)'}</label>
      <input id={`${id}-token`} type="password" autoComplete="off" placeholder="hf_…" value={token} onChange={(event) => setToken(event.target.value)} />
      {hub?.hasToken === true && (
        <div className="check-row">
          <input id={`${id}-remove`} type="checkbox" checked={removeToken} onChange={(event) => setRemoveToken(event.target.checked)} />
          <label htmlFor={`${id}-remove`}>Remove the saved token</label>
        </div>
      )}
      <div className="actions">
        <button type="submit" className="primary">
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
