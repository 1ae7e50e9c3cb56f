import type { ReactNode } from 'react';

export interface ErrorPanelProps {
  readonly title: string;
  readonly message: string;
  readonly onRetry?: () => void;
}

export function ErrorPanel({ title, message, onRetry }: ErrorPanelProps): ReactNode {
  return (
    <div className="error-panel" role="alert">
      <p className="error-title">{title}</p>
      <p>{message}</p>
      {onRetry && (
        <button type="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}
