import { useState, type ReactNode } from 'react';
import type { PushPreview } from '../../../shared/app-api.js';
import type { RepoKey } from '../../api/api-client.js';
import { SelectField, type FieldOption } from '../../components/FormFields.js';
import { formatBytes } from '../../format/bytes.js';
import { shortHash } from '../../format/oids.js';
import { describeError } from '../../store/query-slice.js';
import { useApi, useAppStore } from '../../store/store-context.js';
import { SyncJobProgress } from './SyncJobProgress.js';

const PREVIEW_FILES_SHOWN = 20;
/** How a push job's failure reads when the remote moved since the last sync (the Pusher's refusal). */
const REFUSAL = /^Refusing to push:/;

/** Pick a remote, see what a push would send (and whether it would be refused), push, and follow its job; a refused push may be forced after a confirmation. */
export function PushForm({ repo, remotes }: { readonly repo: RepoKey; readonly remotes: readonly FieldOption[] }): ReactNode {
  const api = useApi();
  const [chosen, setRemote] = useState<string | undefined>(undefined);
  const remote = chosen ?? remotes[0]?.value ?? '';
  const [preview, setPreview] = useState<PushPreview | undefined>(undefined);
  const [makePrivate, setPrivate] = useState(true);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [jobId, setJobId] = useState<string | undefined>(undefined);
  const job = useAppStore((state) => (jobId === undefined ? undefined : state.downloads.jobs[jobId]));

  const refusedJob = job?.state === 'failed' && job.error !== null && REFUSAL.test(job.error.message) ? job.error.message : undefined;
  const divergence = refusedJob ?? preview?.divergence ?? undefined;

  const loadPreview = (): void => {
    setBusy(true);
    setProblem(undefined);
    setConfirming(false);
    setJobId(undefined);
    api.sync.pushPreview(repo.type, repo.id, remote).then(
      (value) => {
        setBusy(false);
        setPreview(value);
      },
      (error: unknown) => {
        setBusy(false);
        setProblem(describeError(error).message);
      },
    );
  };
  const push = (force: boolean): void => {
    if (preview === undefined) return;
    setBusy(true);
    setProblem(undefined);
    setConfirming(false);
    const create = !preview.remoteExists;
    api.sync.push({ remote, type: repo.type, repo: repo.id, ...(create ? { create, private: makePrivate } : {}), ...(force ? { force } : {}) }).then(
      (started) => {
        setBusy(false);
        setPreview(undefined);
        setJobId(started.jobId);
      },
      (error: unknown) => {
        setBusy(false);
        setProblem(describeError(error).message);
      },
    );
  };

  return (
    <section className="sync-push" aria-labelledby="sync-push-title">
      <h2 id="sync-push-title">Push to a remote</h2>
      <div className="filters">
        <SelectField id="sync-push-remote" label="Push to" value={remote} options={remotes} onChange={(value) => { setRemote(value); setPreview(undefined); setConfirming(false); }} grow />
      </div>
      <div className="actions">
        <button type="button" disabled={busy || remote === ''} onClick={loadPreview}>
          Preview push
        </button>
        <button
          type="button"
          className="primary"
          disabled={busy || preview === undefined || preview.upToDate || divergence !== undefined}
          onClick={() => push(false)}
        >
          Push
        </button>
      </div>
      {problem !== undefined && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      {preview && <PushPreviewSummary preview={preview} makePrivate={makePrivate} setPrivate={setPrivate} />}
      {divergence !== undefined && (
        <div className="sync-divergence" role="alert" aria-label="Push refused">
          <p>
            <strong>The remote moved since the last sync.</strong> {divergence}
          </p>
          {confirming ? (
            <div className="actions">
              <span>Make the remote&apos;s tree the local one? The remote&apos;s changes stay in its history, but its files go.</span>
              <button type="button" className="danger" disabled={busy || preview === undefined} onClick={() => push(true)}>
                Confirm force push
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Keep the remote as it is
              </button>
            </div>
          ) : (
            <div className="actions">
              <button type="button" disabled={busy} onClick={() => (preview === undefined ? loadPreview() : setConfirming(true))}>
                {preview === undefined ? 'Preview again' : 'Force push…'}
              </button>
            </div>
          )}
        </div>
      )}
      {job && <SyncJobProgress job={job} direction="push" hideError={refusedJob !== undefined} />}
    </section>
  );
}

function PushPreviewSummary({ preview, makePrivate, setPrivate }: { readonly preview: PushPreview; readonly makePrivate: boolean; readonly setPrivate: (value: boolean) => void }): ReactNode {
  if (preview.upToDate) {
    return <p role="status" className="sync-push-preview">{preview.remoteRepo} on {preview.endpoint} already has this tree ({shortHash(preview.remoteCommit ?? '')}): nothing to push.</p>;
  }
  return (
    <div role="status" className="sync-push-preview">
      <p>
        <strong>
          {preview.filesToSend} file{preview.filesToSend === 1 ? '' : 's'} ({formatBytes(preview.bytesToSend)}) to send
        </strong>
        , {preview.filesToDelete} to delete on {preview.remoteRepo}@{preview.branch}
        {preview.files.some((file) => file.lfs) && ' (LFS files the remote already holds are not sent again)'}.
      </p>
      {!preview.remoteExists && (
        <p>
          The remote repo does not exist yet: the push creates it.{' '}
          <label>
            <input type="checkbox" checked={makePrivate} onChange={(event) => setPrivate(event.target.checked)} /> Private
          </label>
        </p>
      )}
      <ul className="sync-preview-files">
        {preview.files.slice(0, PREVIEW_FILES_SHOWN).map((file) => (
          <li key={file.path}>
            <code>{file.path}</code> <span className="muted">{formatBytes(file.size)}</span>
          </li>
        ))}
        {preview.deleted.slice(0, PREVIEW_FILES_SHOWN).map((path) => (
          <li key={`delete ${path}`}>
            <code>{path}</code> <span className="muted">deleted</span>
          </li>
        ))}
      </ul>
      {preview.files.length + preview.deleted.length > 2 * PREVIEW_FILES_SHOWN && <p className="hint">… and more.</p>}
    </div>
  );
}
