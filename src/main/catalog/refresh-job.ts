import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import type { JobKind } from '../jobs/index.js';
import type { Catalog } from './catalog.js';
import type { RefreshStatus } from './refresh-structure.js';
import { describeTracked } from './tracked-repo.js';

/** The name the refresh job kind is registered under. */
export const CATALOG_REFRESH_JOB = 'catalog-refresh';

/** A refresh job names the tracked repo by its id (and by name, for its title); tokens come from credentials when it runs. */
export interface RefreshJobParams {
  readonly trackedId: number;
  readonly name: string;
}

export interface RefreshJobResult {
  readonly status: RefreshStatus;
  readonly commit: string | null;
  readonly refs: number;
  readonly files: number | null;
}

const paramsSchema = z.object({ trackedId: z.number().int().positive(), name: z.string() });

/**
 * Refreshes of tracked repos as queue jobs. Progress events carry the tree entries listed so far
 * (`detail.filesListed`); a failed refresh fails the job with its reason, and the repo keeps its
 * last good structure.
 */
export function refreshJob(catalog: Catalog): JobKind<RefreshJobParams, RefreshJobResult> {
  return {
    parse: (params) => {
      const parsed = paramsSchema.safeParse(params);
      if (!parsed.success) throw new AppError('BadRequest', 'A catalog refresh job names a tracked repo: { trackedId, name }');
      return parsed.data;
    },
    title: (params) => `Refresh ${params.name}`,
    run: async (params, context) => {
      const result = await catalog.refreshRepo(params.trackedId, {
        signal: context.signal,
        onProgress: ({ filesListed }) => context.report({ bytesDone: 0, detail: { filesListed } }),
      });
      if (result === undefined) throw new AppError('RepoNotFound', `${params.name} is no longer tracked`);
      if (result.status === 'failed') throw new AppError('UpstreamUnavailable', result.error ?? `${describeTracked(result.repo)} could not be refreshed`);
      return { status: result.status, commit: result.repo.commit, refs: result.repo.refs.length, files: result.repo.files };
    },
  };
}
