import { useState, type ReactNode } from 'react';
import type { DeletePreview, RepoOverview } from '../../../shared/app-api.js';
import { isAppError } from '../../../shared/errors.js';
import type { RepoKey } from '../../api/api-client.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { formatBytes } from '../../format/bytes.js';
import { repoKeyText } from '../../queries/queries.js';
import { useApi, useAppStore } from '../../store/store-context.js';
import type { DeletableRevision } from './repo-revisions.js';

export interface DeleteRevisionButtonProps {
  readonly repo: RepoKey;
  readonly overview: RepoOverview;
  readonly option: DeletableRevision;
}

type DialogState =
  | { readonly phase: 'closed' }
  | { readonly phase: 'previewing' }
  | { readonly phase: 'ready'; readonly preview: DeletePreview }
  | { readonly phase: 'deleting'; readonly preview: DeletePreview }
  | { readonly phase: 'failed'; readonly message: string };

function message(error: unknown): string {
  return isAppError(error) ? error.message : 'The core could not be reached';
}

/** Deletes the shown revision after a confirmation that says how much space it frees. */
export function DeleteRevisionButton({ repo, overview, option }: DeleteRevisionButtonProps): ReactNode {
  const api = useApi();
  const [state, setState] = useState<DialogState>({ phase: 'closed' });
  const invalidate = useAppStore((store) => store.invalidateQueries);
  const navigate = useAppStore((store) => store.navigate);
  const notify = useAppStore((store) => store.notify);
  const route = useAppStore((store) => store.route);

  const onlyRevision = overview.source === 'hub' ? overview.refs.length <= 1 : overview.revisions.length <= 1;

  const open = (): void => {
    setState({ phase: 'previewing' });
    api.previewDelete(repo, option.deleteTarget).then(
      (preview) => setState({ phase: 'ready', preview }),
      (error: unknown) => setState({ phase: 'failed', message: message(error) }),
    );
  };

  const confirm = (): void => {
    if (state.phase !== 'ready') return;
    setState({ phase: 'deleting', preview: state.preview });
    api.deleteRevision(repo, option.deleteTarget).then(
      (result) => {
        setState({ phase: 'closed' });
        const key = repoKeyText(repo);
        invalidate(`repo:${key}`, `tree:${key}`, `commits:${key}`, `readme:${key}`, `diff:${key}`, 'library', 'disk');
        notify(
          result.deferred
            ? `Deleted ${option.deleteLabel}. Up to ${formatBytes(result.freedBytes)} is freed at the next clean-up of the hub.`
            : `Deleted ${option.deleteLabel}. Freed ${formatBytes(result.freedBytes)}.`,
        );
        // Deleting the last snapshot of a cached repo deletes the repo: there is nothing left to show.
        if (onlyRevision && repo.source === 'cache') navigate({ screen: 'library' }, { replace: true });
        else if (route.screen === 'repo') navigate({ ...route, revision: undefined }, { replace: true });
      },
      (error: unknown) => setState({ phase: 'failed', message: message(error) }),
    );
  };

  const preview = state.phase === 'ready' || state.phase === 'deleting' ? state.preview : undefined;

  return (
    <>
      <button type="button" className="danger" onClick={open}>
        Delete revision
      </button>
      <ConfirmDialog
        open={state.phase !== 'closed'}
        title={`Delete ${option.deleteLabel}?`}
        confirmLabel={state.phase === 'deleting' ? 'Deleting…' : 'Delete'}
        danger
        busy={state.phase !== 'ready'}
        onConfirm={confirm}
        onCancel={() => setState({ phase: 'closed' })}
      >
        {state.phase === 'previewing' && <p role="status">Working out how much space this frees…</p>}
        {state.phase === 'failed' && (
          <p className="form-error" role="alert">
            {state.message}
          </p>
        )}
        {preview && (
          <>
            <p data-testid="freed-preview">
              {preview.deferred ? 'Frees up to ' : 'Frees '}
              <strong>{formatBytes(preview.freedBytes)}</strong> ({preview.files} {preview.files === 1 ? 'file' : 'files'}
              {preview.deferred ? ' not used by other branches or tags' : ''}).
            </p>
            {preview.deferred && <p className="hint">Hub space comes back at the next garbage collection, once nothing else uses it.</p>}
            {onlyRevision && <p className="hint">This is the repo’s last revision.</p>}
          </>
        )}
      </ConfirmDialog>
    </>
  );
}
