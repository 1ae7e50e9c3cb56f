import { useState, type FormEvent, type ReactNode } from 'react';
import { isAppError } from '../../../shared/errors.js';
import type { FolderDiff, ModelFolderImportState, ModelFolderView } from '../../../shared/model-folders.js';
import { FormError } from '../../components/FormError.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatBytes } from '../../format/bytes.js';
import { modelFolderRootsQuery, modelFoldersQuery } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';
import { useDesktop } from '../../store/desktop-context.js';
import { useApi, useAppStore } from '../../store/store-context.js';

const failureText = (failure: unknown): string => (isAppError(failure) ? failure.message : 'The core could not be reached');

/** Settings' model folders: the folders to look in, and the model folders found there with an Import button each. */
export function ModelFoldersPanel(): ReactNode {
  const roots = useQuery(modelFolderRootsQuery);
  return (
    <section className="panel" aria-labelledby="model-folders-title">
      <h2 id="model-folders-title">Model folders</h2>
      <p className="hint">
        Folders of models already on disk (such as <code>~/models</code>). Each model folder found in them can be imported as a local hub
        repo: its files are shared with the hub (a reflink, else a read-only hard link), not copied.
      </p>
      <QueryContent query={roots} what="the model folders">
        {(data) => <RootsEditor roots={data.folders} />}
      </QueryContent>
      <FoundFolders />
    </section>
  );
}

function RootsEditor({ roots }: { readonly roots: readonly string[] }): ReactNode {
  const api = useApi();
  const desktop = useDesktop();
  const invalidate = useAppStore((state) => state.invalidateQueries);
  const [path, setPath] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const save = (next: readonly string[]): void => {
    setBusy(true);
    setError(undefined);
    api.modelFolders.setRoots(next).then(
      () => {
        setBusy(false);
        setPath('');
        invalidate('model-folders');
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failureText(failure));
      },
    );
  };
  const add = (event: FormEvent): void => {
    event.preventDefault();
    save([...roots, path.trim()]);
  };
  const pick = (): void => {
    void desktop?.pickFolder({ title: 'Look for models in' }).then((picked) => {
      if (picked !== null) setPath(picked);
    });
  };

  return (
    <>
      {roots.length === 0 ? (
        <p>No model folders yet.</p>
      ) : (
        <ul className="plain-list" aria-label="Model folders">
          {roots.map((root) => (
            <li key={root}>
              <code>{root}</code>{' '}
              <button type="button" disabled={busy} onClick={() => save(roots.filter((item) => item !== root))} aria-label={`Remove ${root}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="form inline-form" onSubmit={add}>
        <label htmlFor="model-folder-path">Add a folder</label>
        <input id="model-folder-path" type="text" placeholder="/home/me/models" value={path} onChange={(event) => setPath(event.target.value)} required />
        {desktop !== undefined && (
          <button type="button" onClick={pick} disabled={busy}>
            Choose…
          </button>
        )}
        <button type="submit" disabled={path.trim() === '' || busy}>
          Add
        </button>
      </form>
      <FormError message={error} />
    </>
  );
}

function FoundFolders(): ReactNode {
  const found = useQuery(modelFoldersQuery);
  return (
    <QueryContent query={found} what="the models found">
      {(data) =>
        data.folders.length === 0 ? (
          <p className="hint">No model folder found in these folders.</p>
        ) : (
          <table className="table" aria-label="Models found">
            <thead>
              <tr>
                <th scope="col">Folder</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col">Repo</th>
              </tr>
            </thead>
            <tbody>
              {data.folders.map((folder) => (
                <FoundFolderRow key={folder.path} folder={folder} />
              ))}
            </tbody>
          </table>
        )
      }
    </QueryContent>
  );
}

function FoundFolderRow({ folder }: { readonly folder: ModelFolderView }): ReactNode {
  const api = useApi();
  const invalidate = useAppStore((state) => state.invalidateQueries);
  const notify = useAppStore((state) => state.notify);
  const { status } = folder;
  const recorded = status.state === 'imported' || status.state === 'changed' ? status.repo : undefined;
  const [repo, setRepo] = useState(recorded ?? folder.suggestedRepo);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);

  const run = (): void => {
    setBusy(true);
    setError(undefined);
    api.modelFolders.importFolder({ path: folder.path, repo: repo.trim() }).then(
      (result) => {
        setBusy(false);
        invalidate('model-folders', 'library', 'disk', 'repo:hub', 'tree:hub', 'commits:hub');
        notify(result.commit === null ? `${result.repo} already holds ${folder.path}.` : `Imported ${folder.path} into ${result.repo}.`);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(failureText(failure));
      },
    );
  };

  return (
    <tr>
      <td>
        <code>{folder.path}</code>
      </td>
      <td>{folder.kind}</td>
      <td>{statusText(status)}</td>
      <td>
        <input
          type="text"
          aria-label={`Repo for ${folder.path}`}
          value={repo}
          onChange={(event) => setRepo(event.target.value)}
          disabled={busy || recorded !== undefined}
        />{' '}
        {status.state !== 'imported' && (
          <button type="button" onClick={run} disabled={busy || repo.trim() === ''}>
            {busy ? 'Importing…' : status.state === 'changed' ? 'Commit changes' : 'Import'}
          </button>
        )}
        <FormError message={error} />
      </td>
    </tr>
  );
}

function statusText(status: ModelFolderImportState): string {
  switch (status.state) {
    case 'not-imported':
      return 'Not imported';
    case 'imported':
      return `Imported at ${status.commit.slice(0, 8)}`;
    case 'changed':
      return `Changed since ${status.commit.slice(0, 8)}: ${diffSummary(status.diff)}`;
    case 'error':
      return `Cannot compare: ${status.message}`;
  }
}

function diffSummary(diff: FolderDiff): string {
  const part = (sign: string, count: number, bytes: number): string | undefined => (count === 0 ? undefined : `${sign}${count} (${formatBytes(bytes)})`);
  return [part('+', diff.added.length, diff.addedBytes), part('~', diff.modified.length, diff.modifiedBytes), part('−', diff.removed.length, diff.removedBytes)]
    .filter((text): text is string => text !== undefined)
    .join(', ');
}
