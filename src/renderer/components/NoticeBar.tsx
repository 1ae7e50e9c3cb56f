import { useEffect, type ReactNode } from 'react';
import { useAppStore } from '../store/store-context.js';

const VISIBLE_MS = 8000;

/** The last action's outcome, announced politely; it goes away by itself or when dismissed. */
export function NoticeBar(): ReactNode {
  const notice = useAppStore((state) => state.notice);
  const dismiss = useAppStore((state) => state.dismissNotice);

  useEffect(() => {
    if (!notice) return;
    const timer = window.setTimeout(dismiss, VISIBLE_MS);
    return () => window.clearTimeout(timer);
  }, [notice, dismiss]);

  return (
    <div className="notice-region" role="status" aria-live="polite">
      {notice && (
        <p className={`notice notice-${notice.tone}`}>
          <span>{notice.text}</span>
          <button type="button" onClick={dismiss} aria-label="Dismiss message">
            ×
          </button>
        </p>
      )}
    </div>
  );
}
