import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import {
  MAX_LFS_KEEP_VERSIONS,
  MAX_LFS_SUFFIX_RULES,
  MAX_REPO_LFS_THRESHOLD,
  type RepoRecord,
  type RepoSettingsUpdate,
  lfsSuffixProblem,
  type Store,
} from '../store/index.js';
import { REPO_TYPE_PLURALS, repoTypeFromPlural } from './repo-type-plural.js';
import { loadRepo } from './repo-access.js';
import type { HubDeps } from './hub-deps.js';

const threshold = z.number().int().min(0).max(MAX_REPO_LFS_THRESHOLD).nullable().optional();
const keepVersions = z.number().int().min(1).max(MAX_LFS_KEEP_VERSIONS).nullable().optional();
const suffixRules = z
  .array(
    z.string().superRefine((suffix, ctx) => {
      const problem = lfsSuffixProblem(suffix);
      if (problem) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(suffix)} ${problem}` });
    }),
  )
  .max(MAX_LFS_SUFFIX_RULES)
  .nullable()
  .optional();

/** HF's fields, ours in camelCase, and KohakuHub's snake_case names for the LFS ones. */
const settingsBody = z.looseObject({
  private: z.boolean().nullish(),
  visibility: z.enum(['public', 'private']).nullish(),
  gated: z.union([z.literal(false), z.enum(['auto', 'manual'])]).nullish(),
  lfsThreshold: threshold,
  lfs_threshold_bytes: threshold,
  lfsKeepVersions: keepVersions,
  lfs_keep_versions: keepVersions,
  lfsSuffixRules: suffixRules,
  lfs_suffix_rules: suffixRules,
  /** Forced git pushes: false (default), true (every branch but main), "all" (main too). */
  allowForcePush: z.union([z.boolean(), z.literal('all')]).nullish(),
});

type SettingsBody = z.infer<typeof settingsBody>;

/** What `GET` and `PUT …/settings` answer. */
export interface RepoSettingsJson {
  readonly private: boolean;
  readonly visibility: 'public' | 'private';
  readonly gated: RepoRecord['gated'];
  /** The threshold in force: the repo's own, or the hub's. */
  readonly lfsThreshold: number;
  readonly lfsThresholdSource: 'repo' | 'hub';
  readonly lfsKeepVersions: number | null;
  readonly lfsSuffixRules: readonly string[];
  readonly allowForcePush: boolean | 'all';
}

interface RepoParams {
  ns: string;
  name: string;
}

/**
 * `/api/{rts}/{ns}/{name}/settings`: visibility, gating and the repo's LFS rules (threshold,
 * keep-versions, suffixes always stored in LFS). `GET …/settings/lfs` answers as KohakuHub does.
 */
export function registerRepoSettingsRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store } = deps;
  for (const plural of Object.keys(REPO_TYPE_PLURALS)) {
    const type = repoTypeFromPlural(plural);

    app.get<{ Params: RepoParams }>(`/api/${plural}/:ns/:name/settings`, (request) =>
      settingsJson(store, loadRepo(deps, request, type, request.params.ns, request.params.name, 'write')),
    );

    app.put<{ Params: RepoParams }>(`/api/${plural}/:ns/:name/settings`, (request) => {
      const repo = loadRepo(deps, request, type, request.params.ns, request.params.name, 'write');
      const update = toUpdate(settingsBody.parse(request.body ?? {}));
      return settingsJson(store, store.updateRepoSettings(repo.id, update));
    });

    app.get<{ Params: RepoParams }>(`/api/${plural}/:ns/:name/settings/lfs`, (request) =>
      kohakuLfsJson(store, loadRepo(deps, request, type, request.params.ns, request.params.name, 'write')),
    );
  }
}

function toUpdate(body: SettingsBody): RepoSettingsUpdate {
  const isPrivate = body.visibility ? body.visibility === 'private' : (body.private ?? undefined);
  const lfsThreshold = either(body, 'lfsThreshold', 'lfs_threshold_bytes');
  const lfsKeepVersions = either(body, 'lfsKeepVersions', 'lfs_keep_versions');
  const lfsSuffixRules = either(body, 'lfsSuffixRules', 'lfs_suffix_rules');
  return {
    ...(isPrivate === undefined ? {} : { private: isPrivate }),
    ...(body.gated === undefined || body.gated === null ? {} : { gated: body.gated }),
    ...(lfsThreshold === undefined ? {} : { lfsThreshold }),
    ...(lfsKeepVersions === undefined ? {} : { lfsKeepVersions }),
    ...(lfsSuffixRules === undefined ? {} : { lfsSuffixRules }),
    ...(body.allowForcePush === undefined ? {} : { allowForcePush: body.allowForcePush }),
  };
}

/** One setting under either of its names; both is fine only when they agree. */
function either<A extends keyof SettingsBody, B extends keyof SettingsBody>(body: SettingsBody, camel: A, snake: B): SettingsBody[A] | SettingsBody[B] {
  const a = body[camel];
  const b = body[snake];
  if (a !== undefined && b !== undefined && JSON.stringify(a) !== JSON.stringify(b)) {
    throw new AppError('BadRequest', `"${camel}" and "${snake}" name the same setting with different values; send one of them`);
  }
  return a === undefined ? b : a;
}

function settingsJson(store: Store, repo: RepoRecord): RepoSettingsJson {
  const options = store.repoOptions(repo.id);
  return {
    private: repo.private,
    visibility: repo.private ? 'private' : 'public',
    gated: repo.gated,
    lfsThreshold: store.lfsThreshold(repo),
    lfsThresholdSource: repo.lfsThreshold === null ? 'hub' : 'repo',
    lfsKeepVersions: options.lfsKeepVersions,
    lfsSuffixRules: options.lfsSuffixRules,
    allowForcePush: options.allowForcePush,
  };
}

/** KohakuHub's LFS settings shape: configured values (null: inherited), effective values, where each comes from. */
function kohakuLfsJson(store: Store, repo: RepoRecord) {
  const options = store.repoOptions(repo.id);
  const hubThreshold = store.lfsThreshold({ lfsThreshold: null });
  return {
    lfs_threshold_bytes: repo.lfsThreshold,
    lfs_keep_versions: options.lfsKeepVersions,
    lfs_suffix_rules: options.lfsSuffixRules.length > 0 ? options.lfsSuffixRules : null,
    lfs_threshold_bytes_effective: repo.lfsThreshold ?? hubThreshold,
    lfs_threshold_bytes_source: repo.lfsThreshold === null ? 'server_default' : 'repository',
    // HubKeeper keeps every version unless a repo says otherwise.
    lfs_keep_versions_effective: options.lfsKeepVersions,
    lfs_keep_versions_source: options.lfsKeepVersions === null ? 'server_default' : 'repository',
    lfs_suffix_rules_effective: options.lfsSuffixRules,
    lfs_suffix_rules_source: options.lfsSuffixRules.length > 0 ? 'repository' : 'server_default',
    server_defaults: { lfs_threshold_bytes: hubThreshold, lfs_keep_versions: null, lfs_suffix_rules_default: [] },
  };
}
