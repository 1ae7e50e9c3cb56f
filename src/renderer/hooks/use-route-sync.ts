import { useEffect } from 'react';
import { useAppStore } from '../store/store-context.js';

/** Keeps the route in the store in step with the URL hash (back, forward, typed links). */
export function useRouteSync(): void {
  const syncRoute = useAppStore((state) => state.syncRoute);
  useEffect(() => {
    syncRoute();
    window.addEventListener('hashchange', syncRoute);
    return () => window.removeEventListener('hashchange', syncRoute);
  }, [syncRoute]);
}
