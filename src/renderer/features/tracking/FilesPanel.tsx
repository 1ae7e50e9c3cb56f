import { useState, type ReactNode } from 'react';
import type { FolderEntryView, TrackedRepoView } from '../../../shared/tracking-api.js';
import { TrackingTable, type TrackingColumn } from './TrackingTable.js';
import { SelectField } from '../../components/FormFields.js';
import { HashValue } from '../../components/HashValue.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatBytes } from '../../format/bytes.js';
import { shortHash } from '../../format/oids.js';
import { trackedFolderQuery } from '../../queries/tracking-queries.js';
import { useQuery } from '../../queries/use-query.js';
import { formatHash } from '../../routing/routes.js';
import { TrackedRepoPicker } from './TrackedRepoPicker.js';
import type { TrackingRoute } from './tracking-tab.js';

/** A folder shows this many entries (a dataset folder can hold 100,000 files). */
const SHOWN_ENTRIES = 1000;

/** A tracked repo's files with sizes and hashes, folder by folder, from the stored structure (nothing is downloaded). */
export function FilesPanel({ route }: { readonly route: TrackingRoute }): ReactNode {
  return <TrackedRepoPicker route={route}>{(repo) => <FolderView route={route} repo={repo} />}</TrackedRepoPicker>;
}

function FolderView({ route, repo }: { readonly route: TrackingRoute; readonly repo: TrackedRepoView }): ReactNode {
  const path = route.repo === repo.id ? route.path : '';
  // A repo tracked with all its refs is browsed at one of them (main's commit at first).
  const [ref, setRef] = useState<string | undefined>(undefined);
  const shownRef = repo.refs.some((candidate) => candidate.ref === ref) ? ref : undefined;
  const commit = repo.refs.find((candidate) => candidate.ref === shownRef)?.commit ?? repo.commit;
  const query = useQuery(repo.commit === null ? undefined : trackedFolderQuery(repo.id, path, shownRef));
  const folderHref = (folder: string): string => formatHash({ ...route, tab: 'files', repo: repo.id, path: folder });
  if (repo.commit === null || commit === null) return <p className="hint">This repo has no structure yet: refresh it.</p>;

  const columns: readonly TrackingColumn<FolderEntryView>[] = [
    {
      key: 'name',
      label: 'Name',
      cell: (entry) => (entry.kind === 'folder' ? <a href={folderHref(entry.path)}>{entry.name}/</a> : entry.name),
    },
    { key: 'size', label: 'Size', numeric: true, cell: (entry) => (entry.size === null ? '' : formatBytes(entry.size)) },
    { key: 'oid', label: 'Git oid', cell: (entry) => (entry.kind === 'folder' ? '' : <HashValue label={`git oid of ${entry.path}`} value={entry.oid} />) },
    { key: 'sha256', label: 'SHA-256 (LFS)', cell: (entry) => (entry.kind === 'folder' ? '' : <HashValue label={`SHA-256 of ${entry.path}`} value={entry.sha256} />) },
  ];
  return (
    <>
      {repo.revision === '*' && (
        <div className="filters">
          <SelectField
            id="tracking-ref"
            label="Branch or tag"
            value={shownRef ?? ''}
            onChange={(value) => setRef(value === '' ? undefined : value)}
            options={[{ value: '', label: 'main (or the first ref)' }, ...repo.refs.map((candidate) => ({ value: candidate.ref, label: `${candidate.ref} (${shortHash(candidate.commit)})` }))]}
          />
        </div>
      )}
      <nav aria-label="Folder" className="breadcrumb">
        <a href={folderHref('')}>{repo.repo}</a>
        {path.split('/').filter((segment) => segment !== '').map((segment, index, segments) => (
          <span key={index}>
            {' / '}
            <a href={folderHref(segments.slice(0, index + 1).join('/'))} aria-current={index === segments.length - 1 ? 'page' : undefined}>
              {segment}
            </a>
          </span>
        ))}
        <span className="muted"> at {shortHash(commit)}</span>
      </nav>
      <QueryContent query={query} what="the folder">
        {(folder) => (
          <>
            <TrackingTable caption={`Files of ${path === '' ? repo.repo : path}`} columns={columns} rows={folder.entries.slice(0, SHOWN_ENTRIES)} rowKey={(entry) => entry.path} rowTestId="tracked-entry" />
            {folder.entries.length > SHOWN_ENTRIES && (
              <p className="hint">
                The first {SHOWN_ENTRIES} of {folder.entries.length} entries; the Search tab finds any file by name, glob or hash.
              </p>
            )}
          </>
        )}
      </QueryContent>
    </>
  );
}
