import { useState, type ReactNode } from 'react';
import type { RemoteRepoInfo } from '../../../shared/app-api.js';
import type { RepoType } from '../../../shared/repo-id.js';
import { Badge } from '../../components/Badge.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatBytes } from '../../format/bytes.js';
import { shortHash } from '../../format/oids.js';
import { remoteRepoQuery } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';
import { useAppStore } from '../../store/store-context.js';
import { MirrorIntoHub } from './MirrorIntoHub.js';
import { RemoteFilePicker } from './RemoteFilePicker.js';
import { selectionTotals } from './file-selection.js';

export interface RemoteRepoPanelProps {
  readonly hubId: string;
  readonly type: RepoType;
  readonly repo: string;
  readonly revision: string;
}

export function RemoteRepoPanel({ hubId, type, repo, revision }: RemoteRepoPanelProps): ReactNode {
  const info = useQuery(remoteRepoQuery(hubId, type, repo, revision));
  return (
    <section className="remote-repo" aria-labelledby="remote-repo-title">
      <h2 id="remote-repo-title">{repo}</h2>
      <QueryContent query={info} what="the repo">
        {(data) => <RemoteRepoBody hubId={hubId} info={data} />}
      </QueryContent>
    </section>
  );
}

function RemoteRepoBody({ hubId, info }: { readonly hubId: string; readonly info: RemoteRepoInfo }): ReactNode {
  const ticked = useAppStore((state) => state.remote.ticked);
  const startDownload = useAppStore((state) => state.startDownload);
  const notify = useAppStore((state) => state.notify);
  const canWrite = useAppStore((state) => state.session.phase === 'signed-in' && state.session.session.canWrite);
  const [busy, setBusy] = useState(false);
  const totals = selectionTotals(info.files, ticked);
  const all = selectionTotals(info.files, Object.fromEntries(info.files.map((file) => [file.path, true as const])));

  const download = (): void => {
    setBusy(true);
    const paths = info.files.filter((file) => ticked[file.path] === true).map((file) => file.path);
    void startDownload({ remote: hubId, type: info.type, repo: info.id, revision: info.commit, paths }).then((problem) => {
      setBusy(false);
      notify(problem ?? `Downloading ${paths.length} ${paths.length === 1 ? 'file' : 'files'} of ${info.id}. Follow it in Downloads.`, problem === undefined ? 'ok' : 'error');
    });
  };

  return (
    <>
      <dl className="facts">
        <div>
          <dt>Commit</dt>
          <dd>
            <code>{shortHash(info.commit)}</code>
          </dd>
        </div>
        <div>
          <dt>Files</dt>
          <dd>
            {all.files} · {formatBytes(all.bytes)}
          </dd>
        </div>
        <div>
          <dt>Access</dt>
          <dd>{info.gated ? <Badge tone="warning">gated</Badge> : info.private ? <Badge tone="warning">private</Badge> : 'public'}</dd>
        </div>
      </dl>
      <RemoteFilePicker files={info.files} datasetConfigs={info.datasetConfigs} />
      <div className="download-bar">
        <p role="status" className="selection-total">
          {totals.files} of {all.files} files selected · {formatBytes(totals.bytes)}
        </p>
        <button type="button" className="primary" disabled={!canWrite || busy || totals.files === 0} onClick={download}>
          Download {totals.files > 0 ? formatBytes(totals.bytes) : ''}
        </button>
      </div>
      <MirrorIntoHub hubId={hubId} info={info} canWrite={canWrite} />
    </>
  );
}
