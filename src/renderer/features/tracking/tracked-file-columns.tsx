import type { ReactNode } from 'react';
import type { TrackedFile } from '../../../shared/tracking-api.js';
import { HashValue } from '../../components/HashValue.js';
import { formatBytes } from '../../format/bytes.js';
import { formatHash } from '../../routing/routes.js';
import type { TrackingColumn } from './TrackingTable.js';

/** "alice/m1@main", linked to its folder on the Files tab when the screen tracks the repo. */
export function TrackedFilePlace({ file }: { readonly file: TrackedFile }): ReactNode {
  const name = `${file.repo}@${file.revision}`;
  if (file.trackedId === null) return name;
  const folder = file.path.split('/').slice(0, -1).join('/');
  return <a href={formatHash({ screen: 'tracking', tab: 'files', repo: file.trackedId, path: folder })}>{name}</a>;
}

/** A file of a tracked structure as the tabs list it: where, its size and hashes. */
export const TRACKED_FILE_COLUMNS: readonly TrackingColumn<TrackedFile>[] = [
  { key: 'repo', label: 'Repo', cell: (file) => <TrackedFilePlace file={file} /> },
  { key: 'path', label: 'Path', cell: (file) => file.path },
  { key: 'size', label: 'Size', numeric: true, cell: (file) => formatBytes(file.size) },
  { key: 'oid', label: 'Git oid', cell: (file) => <HashValue label={`git oid of ${file.path}`} value={file.oid} /> },
  { key: 'sha256', label: 'SHA-256 (LFS)', cell: (file) => <HashValue label={`SHA-256 of ${file.path}`} value={file.sha256} /> },
];

export const trackedFileKey = (file: TrackedFile): string => `${file.trackedId ?? file.endpoint}:${file.revision}:${file.path}`;
