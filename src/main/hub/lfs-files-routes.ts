import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isoDate } from '../http/index.js';
import type { RepoRecord } from '../store/index.js';
import type { HubDeps } from './hub-deps.js';
import { loadRepo } from './repo-access.js';
import { repoTypeFromPlural } from './repo-type-plural.js';
import { repoRouteParams } from './write-params.js';

/** Python sends deletions in batches of 1000. */
const MAX_DELETIONS = 1000;

const deletionBody = z.object({
  deletions: z.object({
    sha: z.array(z.string().regex(/^[0-9a-f]{64}$/, 'each sha must be an LFS object id (64 lowercase hex digits)')).min(1).max(MAX_DELETIONS),
    rewriteHistory: z.boolean().optional(),
  }),
});

/** One entry of `GET .../lfs-files`, in the Hub's shape (Python's LFSFileInfo). */
export interface HfLfsFile {
  readonly fileOid: string;
  readonly filename: string;
  readonly oid: string;
  readonly pushedAt: string;
  readonly ref: string | null;
  readonly size: number;
}

/**
 * The LFS objects of a repo (`GET /api/{rts}/{ns}/{name}/lfs-files`) and their permanent deletion
 * (`POST .../lfs-files/batch`, rewriting history by default, as Python asks). Both manage the
 * repo's storage, so both need write access.
 */
export function registerLfsFilesRoutes(app: FastifyInstance, deps: HubDeps): void {
  const writableRepo = (request: FastifyRequest): RepoRecord => {
    const params = repoRouteParams(request);
    return loadRepo(deps, request, repoTypeFromPlural(params.rts), params.ns, params.name, 'write');
  };

  app.get('/api/:rts/:ns/:name/lfs-files', (request) => {
    const repo = writableRepo(request);
    return deps.store.listLfsFiles(repo.id).map(
      (file): HfLfsFile => ({
        fileOid: file.sha256,
        filename: file.path,
        oid: file.pointerOid,
        pushedAt: isoDate(file.pushedAt),
        ref: file.ref,
        size: file.size,
      }),
    );
  });

  app.post('/api/:rts/:ns/:name/lfs-files/batch', async (request) => {
    const repo = writableRepo(request);
    const { deletions } = deletionBody.parse(request.body);
    const result = await deps.store.deleteLfsFiles(repo.id, deletions.sha, { rewriteHistory: deletions.rewriteHistory ?? true });
    return { deleted: deletions.sha.length, contentRemoved: result.contentRemoved, refsRewritten: result.refsRewritten };
  });
}
