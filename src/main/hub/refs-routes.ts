import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { BRANCH_PREFIX, TAG_PREFIX } from '../../shared/ref-name.js';
import { parseBool } from '../http/index.js';
import type { HubDeps } from './hub-deps.js';
import { loadApiRepo } from './repo-params.js';

interface RefJson {
  readonly name: string;
  readonly ref: string;
  readonly targetCommit: string;
}

const refsQuery = z.object({ include_prs: z.unknown() }).partial();

/**
 * `GET /api/{rts}/{ns}/{name}/refs`: branches, tags and the always-empty `converts` (Python reads
 * all three keys), plus `pullRequests` (every refs/pr/N, named in full as HF names them) when
 * `include_prs` is set.
 */
export function registerRefsRoutes(app: FastifyInstance, deps: HubDeps): void {
  app.get('/api/:rts/:ns/:name/refs', (request) => {
    const repo = loadApiRepo(deps, request);
    const { include_prs: includePrs } = refsQuery.parse(request.query);
    const refs = deps.store.listRefs(repo.id);
    const toJson = (prefix: string) => (ref: { name: string; commit: string }): RefJson => ({
      name: ref.name,
      ref: prefix + ref.name,
      targetCommit: ref.commit,
    });
    return {
      branches: refs.branches.map(toJson(BRANCH_PREFIX)),
      converts: [],
      tags: refs.tags.map(toJson(TAG_PREFIX)),
      ...(parseBool(includePrs)
        ? { pullRequests: deps.store.discussions.pullRequestRefs(repo.id).map((pr): RefJson => ({ name: pr.ref, ref: pr.ref, targetCommit: pr.commit })) }
        : {}),
    };
  });
}
