import type { JobContext, JobKind } from '../jobs/index.js';
import { parsePullSpec, type PullSpec } from './pull-spec.js';
import type { PullProgress, PullResult, Puller } from './puller.js';

/** The name the pull job kind is registered under. */
export const SYNC_PULL_JOB = 'sync-pull';

/** Pulls as queue jobs: params are a PullSpec (never a token); the hub's saved token is looked up when the job runs. */
export function pullJob(puller: Puller): JobKind<PullSpec, PullResult> {
  return {
    parse: parsePullSpec,
    title: (spec) => `Pull ${spec.repo}@${spec.allRefs ? 'all refs' : spec.revision}${spec.history ? ' with history' : ''} from ${spec.endpoint}`,
    run: (spec, context) => runPull(puller, spec, context),
  };
}

function runPull(puller: Puller, spec: PullSpec, context: JobContext): Promise<PullResult> {
  return puller.pull(spec, { signal: context.signal, onProgress: (progress) => reportPullProgress(context, progress) });
}

/** A pull's progress as a job reports it: bytes, and files (and commits, for a history) in `detail`. */
export function reportPullProgress(context: JobContext, progress: PullProgress): void {
  context.report({
    bytesDone: progress.bytesDone,
    bytesTotal: progress.bytesTotal,
    detail: {
      filesDone: progress.filesDone,
      filesTotal: progress.filesTotal,
      ...(progress.commitsTotal === undefined ? {} : { commitsDone: progress.commitsDone ?? 0, commitsTotal: progress.commitsTotal }),
    },
  });
}
