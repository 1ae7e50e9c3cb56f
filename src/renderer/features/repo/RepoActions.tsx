import type { ReactNode } from 'react';
import type { RepoOverview } from '../../../shared/app-api.js';
import type { RepoKey } from '../../api/api-client.js';
import { useAppStore } from '../../store/store-context.js';
import { DeleteRevisionButton } from './DeleteRevisionButton.js';
import { RevealButton } from './RevealButton.js';
import { isDeletable, revisionOptions } from './repo-revisions.js';

export interface RepoActionsProps {
  readonly repo: RepoKey;
  readonly overview: RepoOverview;
  readonly revision: string;
}

export function RepoActions({ repo, overview, revision }: RepoActionsProps): ReactNode {
  const canWrite = useAppStore((state) => state.session.phase === 'signed-in' && state.session.session.canWrite);
  const startDownload = useAppStore((state) => state.startDownload);
  const notify = useAppStore((state) => state.notify);
  const option = revisionOptions(overview).find((candidate) => candidate.value === revision);

  const download = (): void => {
    void startDownload({ remote: 'local', type: repo.type, repo: repo.id, revision }).then((problem) =>
      notify(problem ?? `Downloading ${repo.id} (${revision}) to the cache. Follow it in Downloads.`, problem === undefined ? 'ok' : 'error'),
    );
  };

  return (
    <div className="actions" role="group" aria-label="Repo actions">
      {repo.source === 'hub' && canWrite && (
        <button type="button" onClick={download}>
          Download to cache
        </button>
      )}
      {canWrite && isDeletable(option) && <DeleteRevisionButton repo={repo} overview={overview} option={option} />}
      <RevealButton repo={repo} revision={revision} />
    </div>
  );
}
