import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { MAX_LFS_SUFFIX_RULES, lfsSuffixProblem } from './lfs-rules.js';
import type { StoreContext } from './store-context.js';

/** Most LFS versions a keep-versions policy may name; beyond it the policy is pointless. */
export const MAX_LFS_KEEP_VERSIONS = 10_000;

/** Per-repo options kept in the repos.settings JSON column. */
export interface RepoOptions {
  /** Keep only this many most recent versions of each LFS file in branch history (null: keep all). */
  readonly lfsKeepVersions: number | null;
  /** Suffixes (".safetensors") whose files always go to LFS, whatever their size. */
  readonly lfsSuffixRules: readonly string[];
  /** The SDK of a Space ("gradio", "docker", ...), null for other repos. */
  readonly sdk: string | null;
  /** Forced (non-fast-forward) git pushes: refused (false), to branches but main (true), or to every branch ('all'). */
  readonly allowForcePush: ForcePushPolicy;
}

export type ForcePushPolicy = boolean | 'all';

export interface RepoOptionsUpdate {
  readonly lfsKeepVersions?: number | null;
  /** An empty list or null removes every rule. */
  readonly lfsSuffixRules?: readonly string[] | null;
  readonly sdk?: string | null;
  /** false or null: back to the default (refused). */
  readonly allowForcePush?: ForcePushPolicy | null;
}

// Read back from disk: anything unexpected falls back to the default instead of failing reads.
const storedOptions = z.looseObject({
  lfsKeepVersions: z.number().int().min(1).max(MAX_LFS_KEEP_VERSIONS).nullable().optional().catch(undefined),
  lfsSuffixRules: z.array(z.string()).optional().catch(undefined),
  sdk: z.string().nullable().optional().catch(undefined),
  allowForcePush: z.union([z.boolean(), z.literal('all')]).optional().catch(undefined),
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
  const lfsSuffixRules = (stored.lfsSuffixRules ?? []).filter((suffix) => lfsSuffixProblem(suffix) === undefined);
  return { lfsKeepVersions: stored.lfsKeepVersions ?? null, lfsSuffixRules, sdk: stored.sdk ?? null, allowForcePush: stored.allowForcePush ?? false };
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
  // No rules are stored as no key, like every other option at its default.
  const rules = update.lfsSuffixRules ? normalizeSuffixRules(update.lfsSuffixRules) : update.lfsSuffixRules;
  const changes = { ...update, lfsSuffixRules: rules?.length === 0 ? null : rules, allowForcePush: update.allowForcePush === false ? null : update.allowForcePush };
  return ctx.db
    .transaction(() => {
      const row = ctx.repos.findById(repoId);
      if (!row) throw new AppError('RepoNotFound', 'Repository not found');
      const next: Record<string, unknown> = { ...parseStored(row.settings) };
      for (const [key, value] of Object.entries(changes)) {
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

/** Checks suffix rules and drops repeats (compared case-insensitively, as they match). */
function normalizeSuffixRules(rules: readonly string[]): string[] {
  if (rules.length > MAX_LFS_SUFFIX_RULES) {
    throw new AppError('BadRequest', `At most ${MAX_LFS_SUFFIX_RULES} LFS suffix rules per repo`);
  }
  const seen = new Set<string>();
  const kept: string[] = [];
  for (const suffix of rules) {
    const problem = lfsSuffixProblem(suffix);
    if (problem) throw new AppError('BadRequest', `Invalid LFS suffix rule ${JSON.stringify(suffix)}: it ${problem}`);
    if (seen.has(suffix.toLowerCase())) continue;
    seen.add(suffix.toLowerCase());
    kept.push(suffix);
  }
  return kept;
}
