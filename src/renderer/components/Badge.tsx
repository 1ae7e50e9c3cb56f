import type { ReactNode } from 'react';

export interface BadgeProps {
  readonly children: ReactNode;
  readonly tone?: 'neutral' | 'accent' | 'ok' | 'warning' | 'error' | 'info';
  /** Spelled out for screen readers when the visible text is short ("LFS"). */
  readonly title?: string;
}

export function Badge({ children, tone = 'neutral', title }: BadgeProps): ReactNode {
  return (
    <span className={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}
