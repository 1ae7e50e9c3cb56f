import { useMemo, type ReactNode } from 'react';
import type { RepoKey } from '../../api/api-client.js';
import { EmptyState } from '../../components/EmptyState.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatBytes } from '../../format/bytes.js';
import { treeQuery } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';
import type { RepoTree } from '../../../shared/app-api.js';
import { buildFileTree } from './file-tree-model.js';
import { FileDetails } from './FileDetails.js';
import { FileTree } from './FileTree.js';

export interface FilesPanelProps {
  readonly repo: RepoKey;
  readonly revision: string;
}

export function FilesPanel({ repo, revision }: FilesPanelProps): ReactNode {
  const query = useQuery(treeQuery(repo, revision));
  return (
    <QueryContent query={query} what="the files">
      {(tree) => <FilesBody repo={repo} revision={revision} tree={tree} />}
    </QueryContent>
  );
}

function FilesBody({ repo, revision, tree }: FilesPanelProps & { readonly tree: RepoTree }): ReactNode {
  const root = useMemo(() => buildFileTree(tree.files), [tree.files]);
  if (tree.files.length === 0) return <EmptyState title="This revision has no files" />;
  return (
    <>
      <p className="panel-summary">
        {root.fileCount} {root.fileCount === 1 ? 'file' : 'files'} · {formatBytes(root.size)} at commit <code>{tree.commit.slice(0, 12)}</code>
      </p>
      <div className="files-layout">
        <FileTree root={root} label={`Files of ${repo.id} at ${revision}`} />
        <FileDetails root={root} />
      </div>
    </>
  );
}
