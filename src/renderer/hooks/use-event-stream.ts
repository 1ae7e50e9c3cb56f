import { useEffect } from 'react';
import { APP_API_PREFIX } from '../../shared/app-api.js';
import { connectEventStream } from '../api/event-stream.js';
import { useAppStore } from '../store/store-context.js';

/** While signed in, listens to the core's events and reloads what may have changed after a reconnect. */
export function useEventStream(): void {
  const signedIn = useAppStore((state) => state.session.phase === 'signed-in');
  const applyEvent = useAppStore((state) => state.applyEvent);
  const setStream = useAppStore((state) => state.setStream);
  const loadDownloads = useAppStore((state) => state.loadDownloads);
  const invalidateQueries = useAppStore((state) => state.invalidateQueries);

  useEffect(() => {
    if (!signedIn) return;
    return connectEventStream({
      url: `${APP_API_PREFIX}/events`,
      create: (url) => new EventSource(url),
      onEvent: applyEvent,
      onState: setStream,
      onOpen: () => {
        void loadDownloads();
        invalidateQueries('library', 'disk');
      },
      setTimer: (run, ms) => window.setTimeout(run, ms),
      clearTimer: (timer) => window.clearTimeout(timer as number),
    });
  }, [signedIn, applyEvent, setStream, loadDownloads, invalidateQueries]);
}
