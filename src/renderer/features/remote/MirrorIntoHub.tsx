import { useEffect, useState, type ReactNode } from 'react';
import type { RemoteRepoInfo } from '../../../shared/app-api.js';
import { SelectField } from '../../components/FormFields.js';
import { describeError } from '../../store/query-slice.js';
import { useApi, useAppStore } from '../../store/store-context.js';
import { DownloadErrorNote } from '../downloads/DownloadErrorNote.js';
import { MIRROR_PERIODS } from '../repo/mirror-periods.js';

/**
 * "Mirror into this hub": saves a pull schedule of the browsed repo from this remote (the mirror
 * runs at once), then opens the local repo's Sync tab when that first run is done.
 */
export function MirrorIntoHub({ hubId, info, canWrite }: { readonly hubId: string; readonly info: RemoteRepoInfo; readonly canWrite: boolean }): ReactNode {
  const api = useApi();
  const navigate = useAppStore((state) => state.navigate);
  const [every, setEvery] = useState('6h');
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  // Mirror jobs listed before the click: the first run is the one that appears after it.
  const [known, setKnown] = useState<ReadonlySet<string> | undefined>(undefined);
  const jobs = useAppStore((state) => state.downloads.jobs);
  const run = known === undefined ? undefined : Object.values(jobs).find((job) => job.kind === 'mirror' && job.type === info.type && job.repo === info.id && !known.has(job.id));

  useEffect(() => {
    if (run?.state === 'done') navigate({ screen: 'repo', source: 'hub', type: info.type, id: info.id, revision: undefined, tab: 'sync' });
  }, [run?.state, navigate, info.type, info.id]);

  const mirror = (): void => {
    setBusy(true);
    setProblem(undefined);
    const before = new Set(Object.keys(jobs));
    api.sync.addMirror({ remote: hubId, type: info.type, repo: info.id, every, history: false, allRefs: false }).then(
      () => setKnown(before),
      (error: unknown) => {
        setBusy(false);
        setProblem(describeError(error).message);
      },
    );
  };

  return (
    <div className="mirror-into-hub filters" role="group" aria-label="Mirror into this hub">
      <SelectField id="mirror-every" label="Mirror schedule" value={every} options={MIRROR_PERIODS} onChange={setEvery} />
      <div className="actions">
        <button type="button" disabled={!canWrite || busy} onClick={mirror}>
          Mirror into this hub
        </button>
      </div>
      {known !== undefined && run?.state !== 'failed' && <p role="status">Mirroring {info.id} into this hub: the first pull is running (see Downloads)…</p>}
      {run?.state === 'failed' && run.error && <DownloadErrorNote error={run.error} />}
      {problem !== undefined && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
    </div>
  );
}
