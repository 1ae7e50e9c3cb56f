import { useState, type ReactNode } from 'react';
import { isAppError } from '../../../shared/errors.js';
import type { RepoKey } from '../../api/api-client.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { CopyButton } from '../../components/CopyButton.js';
import { useApi } from '../../store/store-context.js';

export interface RevealButtonProps {
  readonly repo: RepoKey;
  readonly revision: string;
}

/**
 * Shows where the repo is on disk, with a copy button. (A browser cannot open a file manager;
 * the desktop shell can, once its bridge offers it.)
 */
export function RevealButton({ repo, revision }: RevealButtonProps): ReactNode {
  const api = useApi();
  const [path, setPath] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  const reveal = (): void => {
    setError(undefined);
    api.getLocation(repo, revision).then(
      (location) => setPath(location.path),
      (failure: unknown) => setError(isAppError(failure) ? failure.message : 'The core could not be reached'),
    );
  };

  const open = path !== undefined || error !== undefined;
  return (
    <>
      <button type="button" onClick={reveal}>
        Reveal in folder
      </button>
      <ConfirmDialog
        open={open}
        title="Location on disk"
        confirmLabel="Done"
        onConfirm={() => {
          setPath(undefined);
          setError(undefined);
        }}
        onCancel={() => {
          setPath(undefined);
          setError(undefined);
        }}
      >
        {path !== undefined && (
          <p className="hash">
            <code>{path}</code> <CopyButton text={path} label="folder path" />
          </p>
        )}
        {repo.source === 'hub' && path !== undefined && (
          <p className="hint">Hub files are stored once by content, under this data folder, and shared by every repo.</p>
        )}
        {error !== undefined && (
          <p className="form-error" role="alert">
            {error}
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
