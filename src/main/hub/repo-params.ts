import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { RepoRecord } from '../store/index.js';
import { loadRepo } from './repo-access.js';
import { repoTypeFromPlural } from './repo-type-plural.js';
import type { HubDeps } from './hub-deps.js';

const apiRepoParams = z.object({ rts: z.string(), ns: z.string(), name: z.string() });

/** The repo of an `/api/{rts}/{ns}/{name}/...` route, checked for read access. */
export function loadApiRepo(deps: HubDeps, request: FastifyRequest): RepoRecord {
  const { rts, ns, name } = apiRepoParams.parse(request.params);
  return loadRepo(deps, request, repoTypeFromPlural(rts), ns, name, 'read');
}

/** `<base>/api/{rts}/{ns}/{name}`: where a repo's API routes live. */
export function apiRepoUrl(base: string, repo: Pick<RepoRecord, 'type' | 'fullName'>): string {
  return `${base}/api/${repo.type}s/${repo.fullName}`;
}
