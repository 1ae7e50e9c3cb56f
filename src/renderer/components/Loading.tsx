import type { ReactNode } from 'react';

export interface LoadingProps {
  readonly label: string;
}

/** A quiet placeholder with a fixed height, so content does not jump when it arrives. */
export function Loading({ label }: LoadingProps): ReactNode {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}
