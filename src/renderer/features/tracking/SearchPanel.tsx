import { useState, type FormEvent, type ReactNode } from 'react';
import type { FindKind } from '../../../shared/tracking-api.js';
import { TrackingTable } from './TrackingTable.js';
import { TRACKED_FILE_COLUMNS, trackedFileKey } from './tracked-file-columns.js';
import { EmptyState } from '../../components/EmptyState.js';
import { SelectField, TextField } from '../../components/FormFields.js';
import { QueryContent } from '../../components/QueryContent.js';
import { trackedFindQuery } from '../../queries/tracking-queries.js';
import { useQuery } from '../../queries/use-query.js';

const KINDS: readonly { value: FindKind; label: string }[] = [
  { value: 'glob', label: 'File or glob' },
  { value: 'hash', label: 'Hash (git oid or SHA-256)' },
  { value: 'ext', label: 'Extension' },
  { value: 'name', label: 'Name contains' },
];


/** Finds files across every tracked structure by glob, hash, extension or name, offline. */
export function SearchPanel(): ReactNode {
  const [kind, setKind] = useState<FindKind>('glob');
  const [text, setText] = useState('');
  const [search, setSearch] = useState<{ kind: FindKind; text: string } | undefined>(undefined);
  const query = useQuery(search === undefined ? undefined : trackedFindQuery(search.kind, search.text));

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    setSearch({ kind, text: text.trim() });
  };

  return (
    <>
      <form className="filters" onSubmit={submit} role="search" aria-label="Search tracked files">
        <SelectField id="find-kind" label="Search by" value={kind} onChange={(value) => setKind(value as FindKind)} options={KINDS} />
        <TextField id="find-text" label="Search for" type="search" value={text} onChange={setText} placeholder="*.gguf, config.json, a sha256…" grow />
        <button type="submit" className="primary" disabled={text.trim() === ''}>
          Search
        </button>
      </form>
      {search !== undefined && (
        <QueryContent query={query} what="the matching files">
          {(found) =>
            found.files.length === 0 ? (
              <EmptyState title="No tracked file matches" />
            ) : (
              <>
                <p className="hint" role="status">
                  {found.truncated ? `The first ${found.files.length} matching files` : `${found.files.length} matching ${found.files.length === 1 ? 'file' : 'files'}`}
                </p>
                <TrackingTable caption="Matching files" columns={TRACKED_FILE_COLUMNS} rows={found.files} rowKey={trackedFileKey} rowTestId="found-file" />
              </>
            )
          }
        </QueryContent>
      )}
    </>
  );
}
