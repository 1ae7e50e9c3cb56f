import { useState, type ReactNode } from 'react';
import { isAppError } from '../../../shared/errors.js';
import type { RepoKey } from '../../api/api-client.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { CopyButton } from '../../components/CopyButton.js';
import { useDesktop } from '../../store/desktop-context.js';
import { useApi, useAppStore } from '../../store/store-context.js';
import { FormError } from '../../components/FormError.js';

export interface RevealButtonProps {
  readonly repo: RepoKey;
  readonly revision: string;
}

/**
 * In the desktop app, opens the file manager at the repo's folder. A browser cannot, so there
 * (and when the shell refuses) it shows the path with a copy button.
 */
export function RevealButton({ repo, revision }: RevealButtonProps): ReactNode {
  const api = useApi();
  const desktop = useDesktop();
  const notify = useAppStore((state) => state.notify);
  const [path, setPath] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const reveal = async (): Promise<void> => {
    setError(undefined);
    let location: string;
    try {
      location = (await api.getLocation(repo, revision)).path;
    } catch (failure) {
      setError(isAppError(failure) ? failure.message : 'The core could not be reached');
      return;
    }
    if (desktop === undefined) {
      setPath(location);
      return;
    }
    const result = await desktop.revealPath(location);
    if (result.ok) {
      notify(`Opened ${location} in the file manager.`);
      return;
    }
    setPath(location);
    setError(result.problem);
  };

  const close = (): void => {
    setPath(undefined);
    setError(undefined);
  };

  const open = path !== undefined || error !== undefined;
  return (
    <>
      <button type="button" onClick={() => void reveal()}>
        Reveal in folder
      </button>
      <ConfirmDialog open={open} title="Location on disk" confirmLabel="Done" onConfirm={close} onCancel={close}>
        {path !== undefined && (
          <p className="hash">
            <code>{path}</code> <CopyButton text={path} label="folder path" />
          </p>
        )}
        {repo.source === 'hub' && path !== undefined && (
          <p className="hint">Hub files are stored once by content, under this data folder, and shared by every repo.</p>
        )}
        <FormError message={error} />
      </ConfirmDialog>
    </>
  );
}
