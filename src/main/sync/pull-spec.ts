import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { REPO_TYPES, parseRepoId, type RepoType } from '../../shared/repo-id.js';

/** What to pull, as the CLI and a queued job give it; the token is never part of it. */
export const pullSpecSchema = z.object({
  /** The remote repo id ("org/name", or "name" on hubs that allow it). */
  repo: z.string().min(1),
  /** The remote hub's base URL. */
  endpoint: z.url(),
  repoType: z.enum(REPO_TYPES).default('model'),
  revision: z.string().min(1).default('main'),
  include: z.array(z.string().min(1)).optional(),
  exclude: z.array(z.string().min(1)).optional(),
  /** The local repo ("namespace/name"); default: the remote id. */
  as: z.string().min(1).optional(),
  /** Mirror the remote's commit history: one local commit per remote commit. */
  history: z.boolean().optional(),
  /** Mirror every branch and tag (`revision` is then ignored). */
  allRefs: z.boolean().optional(),
});

export type PullSpec = z.infer<typeof pullSpecSchema>;
export type PullSpecInput = z.input<typeof pullSpecSchema>;

export function parsePullSpec(input: unknown): PullSpec {
  const parsed = pullSpecSchema.safeParse(input);
  if (!parsed.success) throw new AppError('BadRequest', `Invalid pull: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}

/** The local repo a pull writes to: `--as`, else the remote's own id, which needs a namespace here. */
export function localRepoOf(spec: PullSpec): { readonly type: RepoType; readonly namespace: string; readonly name: string } {
  const full = spec.as ?? spec.repo;
  if (!full.includes('/')) throw new AppError('InvalidRepoName', `"${full}" has no namespace; name the local repo with --as NAMESPACE/NAME`);
  const id = parseRepoId(full, spec.repoType);
  return { type: spec.repoType, namespace: id.namespace, name: id.name };
}

/** Whether the pull takes a subset of the remote's files (its tree oids then differ from the remote's). */
export function isFiltered(spec: PullSpec): boolean {
  return (spec.include?.length ?? 0) > 0 || (spec.exclude?.length ?? 0) > 0;
}
