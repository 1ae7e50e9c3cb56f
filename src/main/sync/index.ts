export {
  Puller, type BranchOutcome, type CommitMapping, type PullCall, type PullerOptions, type PullPreview, type PullProgress, type PullResult, type RefsOutcome, type TagOutcome,
} from './puller.js';
export { SYNC_PULL_JOB, pullJob } from './pull-job.js';
export { SYNC_MIRROR_JOB, Mirrors, createMirrorScheduler, describeMirror, mirrorJobParams, mirrorPullSpec, type MirrorInput, type MirrorJobParams, type MirrorSchedulerOptions } from './mirrors.js';
export { mirrorJob } from './mirror-job.js';
export { isFiltered, localRepoOf, parsePullSpec, pullSpecSchema, type PullSpec, type PullSpecInput } from './pull-spec.js';
export { findRemote, remoteEndpoint, remoteTarget, testRemote, type RemoteTarget, type RemoteTestReport } from './remotes.js';
export { openPuller, type OpenPullerOptions } from './open-puller.js';
export { Pusher, type PushCall, type PusherOptions, type PushProgress, type PushResult } from './pusher.js';
export { SYNC_PUSH_JOB, pushJob } from './push-job.js';
export { parsePushSpec, pushSpecSchema, type PushSpec, type PushSpecInput } from './push-spec.js';
export { openPusher, type OpenPusherOptions } from './open-pusher.js';
export { SyncStatusReader, type SyncStatusOptions } from './sync-status.js';
