import type { JobContext, JobKind } from '../jobs/index.js';
import { parsePushSpec, type PushSpec } from './push-spec.js';
import type { PushResult, Pusher } from './pusher.js';

/** The name the push job kind is registered under. */
export const SYNC_PUSH_JOB = 'sync-push';

/** Pushes as queue jobs: params are a PushSpec (never a token); the hub's saved token is looked up when the job runs. */
export function pushJob(pusher: Pusher): JobKind<PushSpec, PushResult> {
  return {
    parse: parsePushSpec,
    title: (spec) => `Push ${spec.repo}@${spec.revision} to ${spec.endpoint}${spec.as === undefined ? '' : ` as ${spec.as}`}`,
    run: (spec, context) => runPush(pusher, spec, context),
  };
}

function runPush(pusher: Pusher, spec: PushSpec, context: JobContext): Promise<PushResult> {
  return pusher.push(spec, {
    signal: context.signal,
    onProgress: (progress) =>
      context.report({ bytesDone: progress.bytesDone, bytesTotal: progress.bytesTotal, detail: { filesDone: progress.filesDone, filesTotal: progress.filesTotal } }),
  });
}
