import { useEffect, useRef } from 'react';
import { useAppStore } from '../store/store-context.js';

/**
 * Moves focus to the main region when another screen (or another repo) opens, as a page load
 * would, so keyboard and screen-reader users start at the new content. Tab and revision changes
 * within a repo keep the focus where it is.
 */
export function useFocusOnNavigate(): void {
  const screenKey = useAppStore((state) => (state.route.screen === 'repo' ? `repo:${state.route.source}:${state.route.id}` : state.route.screen));
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: true });
  }, [screenKey]);
}
