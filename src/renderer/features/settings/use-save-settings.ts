import { useState } from 'react';
import type { ServerSettingsUpdate } from '../../../shared/app-api.js';
import { isAppError } from '../../../shared/errors.js';
import { useApi, useAppStore } from '../../store/store-context.js';

export interface SaveSettings {
  readonly busy: boolean;
  /** The core's answer to the last save, when it refused it. */
  readonly error: string | undefined;
  readonly save: (update: ServerSettingsUpdate, done: string) => void;
}

/** Sends a server-settings change, then refreshes the settings and says what happened. */
export function useSaveSettings(): SaveSettings {
  const api = useApi();
  const invalidate = useAppStore((state) => state.invalidateQueries);
  const notify = useAppStore((state) => state.notify);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const save = (update: ServerSettingsUpdate, done: string): void => {
    setBusy(true);
    setError(undefined);
    api.updateServerSettings(update).then(
      () => {
        setBusy(false);
        invalidate('settings');
        notify(done);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(isAppError(failure) ? failure.message : 'The core could not be reached');
      },
    );
  };
  return { busy, error, save };
}
