import type { ReactNode } from 'react';
import { shortHash } from '../format/oids.js';
import { CopyButton } from './CopyButton.js';

/** A hash shortened on screen (the whole one in its title) with a button copying all of it. */
export function HashValue({ label, value }: { readonly label: string; readonly value: string | null }): ReactNode {
  if (value === null) return <span className="muted">—</span>;
  return (
    <span className="hash">
      <code title={value}>{shortHash(value)}</code>
      <CopyButton text={value} label={label} />
    </span>
  );
}
