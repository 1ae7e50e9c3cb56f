import { useState, type FormEvent, type ReactNode } from 'react';
import type { FindKind, TrackedFile } from '../../../shared/tracking-api.js';
import { TrackingTable, type TrackingColumn } from './TrackingTable.js';
import { EmptyState } from '../../components/EmptyState.js';
import { SelectField, TextField } from '../../components/FormFields.js';
import { HashValue } from '../../components/HashValue.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatBytes } from '../../format/bytes.js';
import { trackedFindQuery } from '../../queries/tracking-queries.js';
import { useQuery } from '../../queries/use-query.js';
import { formatHash } from '../../routing/routes.js';

const KINDS: readonly { value: FindKind; label: string }[] = [
  { value: 'glob', label: 'File or glob' },
  { value: 'hash', label: 'Hash (git oid or SHA-256)' },
  { value: 'ext', label: 'Extension' },
  { value: 'name', label: 'Name contains' },
];

const columns: readonly TrackingColumn<TrackedFile>[] = [
  {
    key: 'repo',
    label: 'Repo',
    cell: (file) => {
      const name = `${file.repo}@${file.revision}`;
      if (file.trackedId === null) return name;
      const folder = file.path.split('/').slice(0, -1).join('/');
      return <a href={formatHash({ screen: 'tracking', tab: 'files', repo: file.trackedId, path: folder })}>{name}</a>;
    },
  },
  { key: 'path', label: 'Path', cell: (file) => file.path },
  { key: 'size', label: 'Size', numeric: true, cell: (file) => formatBytes(file.size) },
  { key: 'oid', label: 'Git oid', cell: (file) => <HashValue label={`git oid of ${file.path}`} value={file.oid} /> },
  { key: 'sha256', label: 'SHA-256 (LFS)', cell: (file) => <HashValue label={`SHA-256 of ${file.path}`} value={file.sha256} /> },
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
                <TrackingTable caption="Matching files" columns={columns} rows={found.files} rowKey={(file) => `${file.trackedId ?? file.endpoint}:${file.revision}:${file.path}`} rowTestId="found-file" />
              </>
            )
          }
        </QueryContent>
      )}
    </>
  );
}
