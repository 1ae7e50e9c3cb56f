import { AppError } from '../../shared/errors.js';
import { MAX_REPO_LFS_THRESHOLD } from './lfs-rules.js';
import { toRepoRecord, type GatedMode, type RepoRecord } from './repo-record.js';
import { updateRepoOptions, type ForcePushPolicy } from './repo-options.js';
import type { StoreContext } from './store-context.js';

/** A change of repo settings; absent fields stay as they are, null returns to the default. */
export interface RepoSettingsUpdate {
  readonly private?: boolean;
  readonly gated?: GatedMode;
  /** Bytes from which files go to LFS; null: the hub's threshold. */
  readonly lfsThreshold?: number | null;
  readonly lfsKeepVersions?: number | null;
  /** Suffixes (".safetensors") always stored in LFS; null or [] removes them. */
  readonly lfsSuffixRules?: readonly string[] | null;
  /** Forced git pushes (see RepoOptions.allowForcePush); null: the default, refused. */
  readonly allowForcePush?: ForcePushPolicy | null;
}

/** Applies every field or none: a refused value leaves the repo as it was. */
export function updateRepoSettings(ctx: StoreContext, repoId: number, update: RepoSettingsUpdate): RepoRecord {
  const threshold = update.lfsThreshold;
  if (threshold !== undefined && threshold !== null && (!Number.isSafeInteger(threshold) || threshold < 0 || threshold > MAX_REPO_LFS_THRESHOLD)) {
    throw new AppError(
      'BadRequest',
      `The LFS threshold must be a whole number of bytes from 0 to ${MAX_REPO_LFS_THRESHOLD}, or null for the hub's threshold`,
    );
  }
  return ctx.db
    .transaction(() => {
      if (!ctx.repos.findById(repoId)) throw new AppError('RepoNotFound', 'Repository not found');
      const now = ctx.now();
      if (update.private !== undefined) ctx.repos.setPrivate(repoId, update.private, now);
      if (update.gated !== undefined) ctx.repos.setGated(repoId, update.gated === false ? 'false' : update.gated, now);
      if (threshold !== undefined) ctx.repos.setLfsThreshold(repoId, threshold, now);
      if (update.lfsKeepVersions !== undefined || update.lfsSuffixRules !== undefined || update.allowForcePush !== undefined) {
        updateRepoOptions(ctx, repoId, {
          ...(update.lfsKeepVersions === undefined ? {} : { lfsKeepVersions: update.lfsKeepVersions }),
          ...(update.lfsSuffixRules === undefined ? {} : { lfsSuffixRules: update.lfsSuffixRules }),
          ...(update.allowForcePush === undefined ? {} : { allowForcePush: update.allowForcePush }),
        });
      }
      const row = ctx.repos.findById(repoId);
      if (!row) throw new AppError('RepoNotFound', 'Repository not found');
      return toRepoRecord(row);
    })
    .immediate();
}
