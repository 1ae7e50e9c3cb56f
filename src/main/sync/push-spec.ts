import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { REPO_TYPES } from '../../shared/repo-id.js';

/** What to push, as the CLI, the app API and a queued job give it; the token is never part of it. */
export const pushSpecSchema = z.object({
  /** The local repo ("namespace/name"). */
  repo: z.string().min(1),
  /** The remote hub's base URL. */
  endpoint: z.url(),
  repoType: z.enum(REPO_TYPES).default('model'),
  /** The local branch, tag or commit to push; a branch goes to the remote branch of that name, anything else to main. */
  revision: z.string().min(1).default('main'),
  /** The remote repo id; default: the local one. */
  as: z.string().min(1).optional(),
  /** Create the remote repo when it does not exist. */
  create: z.boolean().default(false),
  /** A repo --create makes is private. */
  private: z.boolean().default(false),
  /** Push even when the remote moved since the last sync: a commit on top of its head whose tree is the local one. */
  force: z.boolean().default(false),
});

export type PushSpec = z.infer<typeof pushSpecSchema>;
export type PushSpecInput = z.input<typeof pushSpecSchema>;

export function parsePushSpec(input: unknown): PushSpec {
  const parsed = pushSpecSchema.safeParse(input);
  if (!parsed.success) throw new AppError('BadRequest', `Invalid push: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}
