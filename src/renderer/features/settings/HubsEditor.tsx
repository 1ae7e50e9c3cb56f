import { useState, type ReactNode } from 'react';
import type { RemoteHub } from '../../../shared/app-api.js';
import { isAppError } from '../../../shared/errors.js';
import { QueryContent } from '../../components/QueryContent.js';
import { DataTable } from '../../components/DataTable.js';
import { hubsQuery } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';
import { useApi, useAppStore } from '../../store/store-context.js';
import { HubForm, type HubFormValues } from './HubForm.js';
import { FormError } from '../../components/FormError.js';

const HUB_COLUMNS = [{ label: 'Name' }, { label: 'Address' }, { label: 'Token' }, { label: 'Actions', hiddenLabel: true }];

/** The remote hubs to browse and download from, with their tokens (never shown again once saved). */
export function HubsEditor(): ReactNode {
  const query = useQuery(hubsQuery);
  return (
    <section className="panel" aria-labelledby="hubs-title">
      <h2 id="hubs-title">Hubs and tokens</h2>
      <QueryContent query={query} what="the hubs">
        {(data) => <HubsList hubs={data.hubs} />}
      </QueryContent>
    </section>
  );
}

function HubsList({ hubs }: { readonly hubs: readonly RemoteHub[] }): ReactNode {
  const api = useApi();
  const invalidate = useAppStore((state) => state.invalidateQueries);
  const notify = useAppStore((state) => state.notify);
  const [editing, setEditing] = useState<string | undefined>(undefined);
  const [error, setError] = useState<string | undefined>(undefined);

  /** Runs a change; `done` is the notice, or what to say once the core's answer is known. */
  const run = <T,>(work: Promise<T>, done: string | ((result: T) => string)): void => {
    setError(undefined);
    work.then(
      (result) => {
        setEditing(undefined);
        invalidate('hubs', 'settings', 'remote-');
        notify(typeof done === 'string' ? done : done(result));
      },
      (failure: unknown) => setError(isAppError(failure) ? failure.message : 'The core could not be reached'),
    );
  };

  const save = (hub: RemoteHub | undefined, values: HubFormValues): void => {
    const input = { name: values.name, endpoint: values.endpoint, ...(values.token === undefined ? {} : { token: values.token }) };
    if (hub === undefined) {
      run(api.addHub(input), `Added ${values.name}.`);
      return;
    }
    // A saved token belongs to the old address's origin: the core drops it when the origin changes.
    run(api.updateHub(hub.id, input), (saved) =>
      saved.tokenDropped ? `Saved ${values.name}. Its token was for the old address and was removed: enter it again.` : `Saved ${values.name}.`,
    );
  };

  return (
    <>
      <DataTable caption="Configured hubs" columns={HUB_COLUMNS}>
        {hubs.map((hub) => (
          <tr key={hub.id}>
            <th scope="row">{hub.name}</th>
            <td>
              <code>{hub.endpoint}</code>
            </td>
            <td>{hub.hasToken ? 'Saved' : 'None'}</td>
            <td>
              <div className="row-actions">
              <button type="button" onClick={() => setEditing(hub.id)} aria-label={`Edit ${hub.name}`}>
                Edit
              </button>
              {hub.id !== 'hf' && (
                <button type="button" className="danger" onClick={() => run(api.removeHub(hub.id), `Removed ${hub.name}.`)} aria-label={`Remove ${hub.name}`}>
                  Remove
                </button>
              )}
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
      <FormError message={error} />
      {editing === undefined ? (
        <HubForm title="Add a hub" submitLabel="Add hub" onSubmit={(values) => save(undefined, values)} />
      ) : (
        hubs
          .filter((hub) => hub.id === editing)
          .map((hub) => (
            <HubForm
              key={hub.id}
              title={`Edit ${hub.name}`}
              submitLabel="Save"
              hub={hub}
              fixedAddress={hub.id === 'hf'}
              onSubmit={(values) => save(hub, values)}
              onCancel={() => setEditing(undefined)}
            />
          ))
      )}
    </>
  );
}
