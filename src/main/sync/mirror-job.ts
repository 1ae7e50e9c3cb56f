import { z } from 'zod';
import type { MirrorResult } from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import { formatBytes } from '../../shared/format-bytes.js';
import { REPO_TYPES } from '../../shared/repo-id.js';
import type { JobKind } from '../jobs/index.js';
import { mirrorPullSpec, type MirrorJobParams, type Mirrors } from './mirrors.js';
import { reportPullProgress } from './pull-job.js';
import type { Puller, PullResult } from './puller.js';

const paramsSchema = z.object({ mirrorId: z.number().int().positive(), name: z.string(), type: z.enum(REPO_TYPES), repo: z.string(), endpoint: z.string() });

/**
 * The `sync-mirror` job: one scheduled pull of a mirror, whose outcome (updated, up to date, or
 * why it failed) is recorded on the mirror. A pause, cancel or shutdown records nothing.
 */
export function mirrorJob(puller: Puller, mirrors: Mirrors, now: () => number = Date.now): JobKind<MirrorJobParams, MirrorResult> {
  return {
    parse: (params) => paramsSchema.parse(params),
    title: (params) => `Mirror ${params.name}`,
    run: async (params, context) => {
      const mirror = mirrors.get(params.mirrorId);
      if (!mirror) throw new AppError('NotFound', `The mirror of ${params.name} was removed`);
      try {
        const pulled = await puller.pull(mirrorPullSpec(mirror), { signal: context.signal, onProgress: (progress) => reportPullProgress(context, progress) });
        const result = succeeded(pulled, now());
        mirrors.record(mirror.id, result);
        return result;
      } catch (error) {
        if (!context.signal.aborted) mirrors.record(mirror.id, { at: now(), ok: false, updated: false, message: error instanceof Error ? error.message : String(error) });
        throw error;
      }
    },
  };
}

function succeeded(pulled: PullResult, at: number): MirrorResult {
  const commits = pulled.commits?.length ?? pulled.refs?.branches.reduce((sum, branch) => sum + branch.commits, 0) ?? (pulled.committed ? 1 : 0);
  const tags = pulled.refs?.tags.filter((tag) => tag.status === 'created').length ?? 0;
  const parts = [
    commits > 0 ? `${commits} commit${commits === 1 ? '' : 's'}` : undefined,
    tags > 0 ? `${tags} tag${tags === 1 ? '' : 's'}` : undefined,
    pulled.filesTransferred > 0 ? `${pulled.filesTransferred} file${pulled.filesTransferred === 1 ? '' : 's'} (${formatBytes(pulled.bytesTransferred)}) fetched` : undefined,
  ].filter((part) => part !== undefined);
  const deleted = pulled.refs?.remoteDeletedBranches ?? [];
  const kept = deleted.length > 0 ? `; deleted on the remote, kept here: ${deleted.join(', ')}` : '';
  return {
    at,
    ok: true,
    updated: pulled.committed,
    message: (pulled.committed ? `updated: ${parts.join(', ') || 'refs moved'}` : 'up to date') + kept,
    localCommit: pulled.localCommit,
    remoteCommit: pulled.remoteCommit,
    filesTransferred: pulled.filesTransferred,
    bytesTransferred: pulled.bytesTransferred,
  };
}
