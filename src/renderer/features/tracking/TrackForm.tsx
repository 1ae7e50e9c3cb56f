import { useState, type FormEvent, type ReactNode } from 'react';
import { isAppError } from '../../../shared/errors.js';
import { REPO_TYPES, type RepoType } from '../../../shared/repo-id.js';
import { FormError } from '../../components/FormError.js';
import { SelectField, TextField } from '../../components/FormFields.js';
import { hubsQuery } from '../../queries/queries.js';
import { TRACKING_KEY } from '../../queries/tracking-queries.js';
import { useQuery } from '../../queries/use-query.js';
import { useApi, useAppStore } from '../../store/store-context.js';
import { trackedName } from './TrackedRepoPicker.js';

/** The hub select's value for "a URL typed below" rather than a saved hub. */
const OTHER_URL = '';

const EVERY_OPTIONS = [
  { value: '6h', label: 'every 6 hours' },
  { value: '24h', label: 'daily' },
  { value: '7d', label: 'weekly' },
  { value: 'never', label: 'on demand only' },
];

/** Tracks a repo on a saved hub or at a URL; the core fetches its structure before answering. */
export function TrackForm(): ReactNode {
  const api = useApi();
  const hubs = useQuery(hubsQuery);
  const invalidate = useAppStore((state) => state.invalidateQueries);
  const notify = useAppStore((state) => state.notify);
  const [repo, setRepo] = useState('');
  const [hub, setHub] = useState<string | undefined>(undefined);
  const [endpoint, setEndpoint] = useState('');
  const [repoType, setRepoType] = useState<RepoType>('model');
  const [revision, setRevision] = useState('main');
  const [allRefs, setAllRefs] = useState(false);
  const [every, setEvery] = useState('24h');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const hubChoice = hub ?? hubs.data?.hubs[0]?.id ?? OTHER_URL;

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const where = hubChoice === OTHER_URL ? { endpoint: endpoint.trim() } : { hub: hubChoice };
    const which = allRefs ? { allRefs } : { revision: revision.trim() };
    api.tracking.track({ ...where, ...which, repo: repo.trim(), repoType, every }).then(
      (tracked) => {
        setBusy(false);
        setRepo('');
        invalidate(TRACKING_KEY);
        notify(`Tracking ${trackedName(tracked)}: ${tracked.files ?? 0} files.`);
      },
      (failure: unknown) => {
        setBusy(false);
        setError(isAppError(failure) ? failure.message : 'The core could not be reached');
      },
    );
  };

  const hubOptions = [...(hubs.data?.hubs ?? []).map((saved) => ({ value: saved.id, label: saved.name })), { value: OTHER_URL, label: 'Another hub (URL)…' }];
  return (
    <form className="filters" onSubmit={submit} aria-label="Track a repo">
      <TextField id="track-repo" label="Repo" value={repo} onChange={setRepo} placeholder="namespace/name" grow />
      <SelectField id="track-hub" label="Hub" value={hubChoice} onChange={setHub} options={hubOptions} />
      {hubChoice === OTHER_URL && <TextField id="track-endpoint" label="Hub URL" value={endpoint} onChange={setEndpoint} placeholder="https://huggingface.co" grow />}
      <SelectField id="track-type" label="Type" value={repoType} onChange={(value) => setRepoType(value as RepoType)} options={REPO_TYPES.map((type) => ({ value: type, label: type }))} />
      {!allRefs && <TextField id="track-revision" label="Revision" value={revision} onChange={setRevision} />}
      <div className="check-row">
        <input id="track-all-refs" type="checkbox" checked={allRefs} onChange={(event) => setAllRefs(event.target.checked)} />
        <label htmlFor="track-all-refs">All branches and tags</label>
      </div>
      <SelectField id="track-every" label="Refresh" value={every} onChange={setEvery} options={EVERY_OPTIONS} />
      <button type="submit" className="primary" disabled={busy || repo.trim() === ''}>
        {busy ? 'Fetching its structure…' : 'Track'}
      </button>
      <FormError message={error} />
    </form>
  );
}
