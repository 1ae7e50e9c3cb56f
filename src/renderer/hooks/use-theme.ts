import { useEffect } from 'react';
import { useAppStore } from '../store/store-context.js';

/** Puts the chosen theme on <html>; without one, the stylesheet follows the system setting. */
export function useTheme(): void {
  const theme = useAppStore((state) => state.theme);
  useEffect(() => {
    const root = document.documentElement;
    if (theme === 'system') delete root.dataset.theme;
    else root.dataset.theme = theme;
  }, [theme]);
}
