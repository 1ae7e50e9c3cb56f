import { useState, type ReactNode } from 'react';
import { formatParameters } from '../../../shared/format-parameters.js';
import type { FolderEntryView, StoredRevisionView, TrackedRepoView } from '../../../shared/tracking-api.js';
import { FactList } from '../../components/FactList.js';
import { TrackingTable, type TrackingColumn } from './TrackingTable.js';
import { SelectField } from '../../components/FormFields.js';
import { HashValue } from '../../components/HashValue.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatBytes } from '../../format/bytes.js';
import { shortHash } from '../../format/oids.js';
import { formatDateTime } from '../../format/dates.js';
import { storedRevisionsQuery, trackedFactsQuery, trackedFolderQuery } from '../../queries/tracking-queries.js';
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
  // Browsed at one of the tracked refs, or at any commit a refresh stored (the tracked revision's current commit at first).
  const [picked, setPicked] = useState<string | undefined>(undefined);
  const revisions = useQuery(storedRevisionsQuery(repo.id));
  const stored = revisions.data?.revisions ?? [];
  const options = revisionOptions(repo, stored);
  const shown = options.some((option) => option.value === picked) ? picked : undefined;
  const commit = shown === undefined ? repo.commit : (repo.refs.find((candidate) => candidate.ref === shown)?.commit ?? shown);
  const query = useQuery(repo.commit === null ? undefined : trackedFolderQuery(repo.id, path, shown));
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
      {options.length > 1 && (
        <div className="filters">
          <SelectField
            id="tracking-ref"
            label="Revision"
            value={shown ?? ''}
            onChange={(value) => setPicked(value === '' ? undefined : value)}
            options={[{ value: '', label: `${repo.revision === '*' ? 'main (or the first ref)' : repo.revision} (${shortHash(repo.commit)})` }, ...options]}
          />
        </div>
      )}
      <RevisionFacts trackedId={repo.id} revision={shown} />
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

/** The tracked refs, then the older commits refreshes stored (newest first). */
function revisionOptions(repo: TrackedRepoView, stored: readonly StoredRevisionView[]): { value: string; label: string }[] {
  const refs = repo.refs.map((candidate) => ({ value: candidate.ref, label: `${candidate.ref} (${shortHash(candidate.commit)})` }));
  const older = stored
    .filter((revision) => revision.refs.length === 0)
    .map((revision) => ({ value: revision.commit, label: `${shortHash(revision.commit)}, fetched ${formatDateTime(revision.fetchedAt)}` }));
  return [...refs, ...older];
}

const orDash = (value: string | number | null | undefined): string => (value === null || value === undefined || value === '' ? '—' : String(value));

/** What the model at this revision is, read from its config, card and weights headers when it was refreshed. */
function RevisionFacts({ trackedId, revision }: { readonly trackedId: number; readonly revision: string | undefined }): ReactNode {
  const query = useQuery(trackedFactsQuery(trackedId, revision));
  const facts = query.data?.facts;
  if (query.data === undefined) return null;
  if (facts === null || facts === undefined) return <p className="hint">No model facts were read for this revision.</p>;
  return (
    <section aria-label="Model facts">
      <FactList
        facts={[
          { label: 'Architecture', value: orDash(facts.architectures.join(', ') || facts.modelType) },
          { label: 'Parameters', value: orDash(facts.parameters === null ? null : formatParameters(facts.parameters)) },
          { label: 'DType', value: orDash(facts.dtype) },
          { label: 'Quantisation', value: orDash(facts.quantisation.join(', ')) },
          { label: 'Formats', value: orDash(facts.formats.join(', ')) },
          { label: 'License', value: orDash(facts.license) },
          { label: 'Library', value: orDash(facts.library) },
          { label: 'Context', value: orDash(facts.contextLength) },
          { label: 'Load size', value: orDash(facts.bytesToLoad === null ? null : formatBytes(facts.bytesToLoad)) },
        ]}
      />
      {facts.problems.length > 0 && <p className="hint">Not read: {facts.problems.join('; ')}</p>}
    </section>
  );
}
