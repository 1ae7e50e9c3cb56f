import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import type { StoreContext } from './store-context.js';

/** Most LFS versions a keep-versions policy may name; beyond it the policy is pointless. */
export const MAX_LFS_KEEP_VERSIONS = 10_000;

/** Per-repo options kept in the repos.settings JSON column. */
export interface RepoOptions {
  /** Keep only this many most recent versions of each LFS file in branch history (null: keep all). */
  readonly lfsKeepVersions: number | null;
  /** The SDK of a Space ("gradio", "docker", ...), null for other repos. */
  readonly sdk: string | null;
}

export interface RepoOptionsUpdate {
  readonly lfsKeepVersions?: number | null;
  readonly sdk?: string | null;
}

// Read back from disk: anything unexpected falls back to the default instead of failing reads.
const storedOptions = z.looseObject({
  lfsKeepVersions: z.number().int().min(1).max(MAX_LFS_KEEP_VERSIONS).nullable().optional().catch(undefined),
  sdk: z.string().nullable().optional().catch(undefined),
});

function parseStored(json: string): z.infer<typeof storedOptions> {
  try {
    const parsed = storedOptions.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

export function parseRepoOptions(json: string): RepoOptions {
  const stored = parseStored(json);
  return { lfsKeepVersions: stored.lfsKeepVersions ?? null, sdk: stored.sdk ?? null };
}

export function readRepoOptions(ctx: StoreContext, repoId: number): RepoOptions {
  const row = ctx.repos.findById(repoId);
  if (!row) throw new AppError('RepoNotFound', 'Repository not found');
  return parseRepoOptions(row.settings);
}

/** Applies an update, keeping keys other modules may store in the same column. */
export function updateRepoOptions(ctx: StoreContext, repoId: number, update: RepoOptionsUpdate): RepoOptions {
  const keep = update.lfsKeepVersions;
  if (keep !== undefined && keep !== null && (!Number.isSafeInteger(keep) || keep < 1 || keep > MAX_LFS_KEEP_VERSIONS)) {
    throw new AppError('BadRequest', `lfsKeepVersions must be an integer from 1 to ${MAX_LFS_KEEP_VERSIONS}, or null to keep every version`);
  }
  return ctx.db
    .transaction(() => {
      const row = ctx.repos.findById(repoId);
      if (!row) throw new AppError('RepoNotFound', 'Repository not found');
      const next: Record<string, unknown> = { ...parseStored(row.settings) };
      for (const [key, value] of Object.entries(update)) {
        if (value === undefined) continue;
        if (value === null) delete next[key];
        else next[key] = value;
      }
      const json = JSON.stringify(next);
      ctx.repos.setSettings(repoId, json, ctx.now());
      return parseRepoOptions(json);
    })
    .immediate();
}
