import { useEffect, type FormEvent, type ReactNode } from 'react';
import { REPO_TYPES } from '../../../shared/repo-id.js';
import { SelectField, TextField } from '../../components/FormFields.js';
import { QueryContent } from '../../components/QueryContent.js';
import { hubsQuery } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';
import { useAppStore } from '../../store/store-context.js';
import type { RemoteHub } from '../../../shared/app-api.js';
import { RemoteRepoPanel } from './RemoteRepoPanel.js';
import { RemoteResults } from './RemoteResults.js';

const TYPE_OPTIONS = [
  { value: 'model', label: 'Models' },
  { value: 'dataset', label: 'Datasets' },
  { value: 'space', label: 'Spaces' },
];

export function RemoteScreen(): ReactNode {
  const hubs = useQuery(hubsQuery);
  return (
    <section aria-labelledby="remote-title">
      <div className="screen-header">
        <h1 id="remote-title">Remote hubs</h1>
      </div>
      <QueryContent query={hubs} what="the hubs">
        {(data) => <RemoteBrowser hubs={data.hubs} />}
      </QueryContent>
    </section>
  );
}

function RemoteBrowser({ hubs }: { readonly hubs: readonly RemoteHub[] }): ReactNode {
  const remote = useAppStore((state) => state.remote);
  const setRemote = useAppStore((state) => state.setRemote);
  const search = useAppStore((state) => state.searchRemote);
  const hubId = remote.hubId ?? hubs[0]?.id;

  useEffect(() => {
    if (remote.hubId === undefined && hubs[0]) setRemote({ hubId: hubs[0].id });
  }, [remote.hubId, hubs, setRemote]);

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    search();
  };

  return (
    <>
      <form className="filters" role="search" aria-label="Search a remote hub" onSubmit={submit}>
        <SelectField
          id="remote-hub"
          label="Hub"
          value={hubId ?? ''}
          options={hubs.map((hub) => ({ value: hub.id, label: `${hub.name} (${hub.endpoint})` }))}
          onChange={(value) => setRemote({ hubId: value })}
        />
        <SelectField
          id="remote-type"
          label="Type"
          value={remote.type}
          options={TYPE_OPTIONS}
          onChange={(value) => setRemote({ type: REPO_TYPES.find((type) => type === value) ?? 'model' })}
        />
        <TextField id="remote-query" label="Search" type="search" placeholder="Name or author, e.g. bert" grow value={remote.draft} onChange={(draft) => setRemote({ draft })} />
        <button type="submit" className="primary">
          Search
        </button>
      </form>
      <p className="hint">
        Add hubs and their tokens in <a href="#/settings">Settings</a>.
      </p>
      {hubId !== undefined && remote.query !== undefined && (
        <div className="remote-layout">
          <RemoteResults hubId={hubId} type={remote.type} query={remote.query} selected={remote.repo} />
          {remote.repo !== undefined && <RemoteRepoPanel hubId={hubId} type={remote.type} repo={remote.repo} revision={remote.revision} />}
        </div>
      )}
    </>
  );
}
