import type { ReactNode } from 'react';

export interface ProgressBarProps {
  readonly done: number;
  readonly total: number;
  readonly label: string;
  /** Text for screen readers: "1.2 GB of 3.4 GB". */
  readonly valueText: string;
  readonly size?: 'normal' | 'small';
  /** Whether the work is finished; without a known total, the bar is empty until then. */
  readonly complete?: boolean;
}

/** A bar of fixed height whose fill is scaled, never resized, so updates cause no layout shift. */
export function ProgressBar({ done, total, label, valueText, size = 'normal', complete = false }: ProgressBarProps): ReactNode {
  const fraction = complete ? 1 : total <= 0 ? 0 : Math.min(1, Math.max(0, done / total));
  return (
    <div
      className={`progress progress-${size}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.floor(fraction * 100)}
      aria-valuetext={valueText}
    >
      <div className="progress-fill" style={{ transform: `scaleX(${fraction})` }} />
    </div>
  );
}
