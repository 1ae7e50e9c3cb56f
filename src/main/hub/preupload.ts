import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { checkCommitPath } from '../../shared/repo-path.js';
import { GitAttributes, shouldUseLfs, type RepoRecord } from '../store/index.js';
import { GitIgnore } from './gitignore.js';
import { authorizeCommit } from './commit-target.js';
import type { HubDeps } from './hub-deps.js';
import { repoRouteParams } from './write-params.js';

/** Python sends up to 256 files per call and JS 100; a little headroom for other clients. */
const MAX_FILES = 1000;
const SAMPLE_BYTES = 512;

const preuploadBody = z.object({
  files: z
    .array(
      z.object({
        path: z.string(),
        size: z.number().int().nonnegative(),
        sample: z.string().nullish(),
      }),
    )
    .max(MAX_FILES, `At most ${MAX_FILES} files per preupload call`),
  gitIgnore: z.string().nullish(),
  gitAttributes: z.string().nullish(),
});

export interface PreuploadEntry {
  readonly path: string;
  readonly uploadMode: 'lfs' | 'regular';
  readonly shouldIgnore: boolean;
  readonly oid: string | null;
}

/** `POST /api/{rts}/{ns}/{name}/preupload/{rev}`: how each file should be uploaded, and what is there now. */
export function registerPreuploadRoute(app: FastifyInstance, deps: HubDeps): void {
  app.post('/api/:rts/:ns/:name/preupload/*', (request) => {
    const params = repoRouteParams(request);
    const { repo } = authorizeCommit(deps, request, params);
    const body = preuploadBody.parse(request.body ?? {});
    return { files: preupload(deps, repo, params.tail, body) };
  });
}

function preupload(
  deps: HubDeps,
  repo: RepoRecord,
  revision: string,
  body: z.infer<typeof preuploadBody>,
): PreuploadEntry[] {
  const { store } = deps;
  // With create_pr=1 the revision is the pull request's base branch: its files are what the PR starts from.
  const commit = store.resolveRevision(repo.id, revision);
  const attributes = body.gitAttributes == null ? store.gitAttributesAt(commit) : new GitAttributes(body.gitAttributes);
  const ignore = new GitIgnore(body.gitIgnore ?? store.readTextFile(commit, '.gitignore') ?? '');
  const threshold = store.lfsThreshold(repo);
  const { lfsSuffixRules } = store.repoOptions(repo.id);
  return body.files.map((file) => {
    checkCommitPath(file.path);
    const sample = Buffer.from(file.sample ?? '', 'base64').subarray(0, SAMPLE_BYTES);
    const lfs = shouldUseLfs({ path: file.path, size: file.size, sample }, attributes, threshold, lfsSuffixRules);
    const existing = store.getEntry(commit, file.path);
    let oid: string | null = null;
    if (existing?.type === 'file') oid = existing.lfs ? existing.lfs.oid : existing.oid;
    return { path: file.path, uploadMode: lfs ? 'lfs' : 'regular', shouldIgnore: ignore.ignores(file.path), oid };
  });
}
