import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { REPO_TYPES } from '../../shared/repo-id.js';

/**
 * A download as every edge states it (the app API, the job queue, the CLI, the engine's own
 * methods): parsed once, with its defaults applied here and nowhere else. It never holds a token:
 * requests are stored with jobs, and credentials/ supplies the token for the endpoint when it runs.
 */
export const downloadRequestSchema = z.object({
  repoId: z.string().min(1).max(300),
  repoType: z.enum(REPO_TYPES).default('model'),
  /** Branch, tag or commit. */
  revision: z.string().min(1).max(300).default('main'),
  /** The hub; absent means the engine's default (HF_ENDPOINT). */
  endpoint: z.url().optional(),
  /** These files only, each fetched by name; otherwise a snapshot filtered by the patterns. */
  files: z.array(z.string().min(1).max(1000)).max(100_000).optional(),
  allowPatterns: z.array(z.string().max(1000)).max(1000).optional(),
  ignorePatterns: z.array(z.string().max(1000)).max(1000).optional(),
  /** A dataset's config (from its card or file layout; the default one when only `split` is given). */
  config: z.string().min(1).max(200).optional(),
  /** A dataset's split (train, test, ...): only its files. */
  split: z.string().min(1).max(200).optional(),
  /** Plain files in this folder instead of the cache (Python's `local_dir`). */
  localDir: z.string().min(1).optional(),
  /** The HF cache to use; absent means the engine's (HF_HUB_CACHE). */
  cacheDir: z.string().min(1).optional(),
  /** Download again even when the cache has the file. */
  force: z.boolean().default(false),
  /** Files fetched at once by a snapshot; absent means the engine's (8). */
  maxWorkers: z.number().int().min(1).max(64).optional(),
});

export type DownloadRequest = z.output<typeof downloadRequestSchema>;
export type DownloadRequestInput = z.input<typeof downloadRequestSchema>;

/** Parses a request (from a job row, a route, the CLI or a caller), or says which field is wrong. */
export function parseDownloadRequest(input: unknown): DownloadRequest {
  const parsed = downloadRequestSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new AppError('BadRequest', `Invalid download request: ${issue ? `${issue.path.join('.') || 'request'}: ${issue.message}` : 'unknown problem'}`);
}
