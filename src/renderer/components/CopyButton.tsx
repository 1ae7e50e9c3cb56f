import { useEffect, useState, type ReactNode } from 'react';

export interface CopyButtonProps {
  readonly text: string;
  /** What is copied, for the accessible name: "Copy git oid". */
  readonly label: string;
}

const RESET_MS = 1500;

export function CopyButton({ text, label }: CopyButtonProps): ReactNode {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = window.setTimeout(() => setState('idle'), RESET_MS);
    return () => window.clearTimeout(timer);
  }, [state]);

  const copy = (): void => {
    navigator.clipboard.writeText(text).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  };

  return (
    <button type="button" className="copy-button" onClick={copy} aria-label={`Copy ${label}`}>
      <span aria-hidden="true">{state === 'copied' ? 'Copied' : state === 'failed' ? 'Failed' : 'Copy'}</span>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? `${label} copied` : state === 'failed' ? 'Copying is not allowed here; select the text instead' : ''}
      </span>
    </button>
  );
}
