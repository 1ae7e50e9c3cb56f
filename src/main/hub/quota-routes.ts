import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { HfQuota } from '../../shared/hf-repo-info.js';
import type { QuotaStatus } from '../store/index.js';
import { REPO_TYPE_PLURALS, repoTypeFromPlural } from './repo-type-plural.js';
import { loadRepo } from './repo-access.js';
import type { HubDeps } from './hub-deps.js';
import { requireNamespaceAdmin, requireNamespaceMember } from './repo-access.js';

const limitBody = z.looseObject({ limit: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable() });

interface RepoParams {
  ns: string;
  name: string;
}

/**
 * Storage quotas. Members of a namespace read its quota; its owner or an organisation admin
 * sets it. A repo's quota is readable by whoever sees the repo and set by namespace admins.
 */
export function registerQuotaRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store } = deps;

  app.get<{ Params: { namespace: string } }>('/api/quota/:namespace', (request) => {
    const { namespace } = request.params;
    requireNamespaceMember(deps, request, namespace);
    return { namespace, ...quotaView(store.namespaceQuota(namespace)) };
  });

  app.put<{ Params: { namespace: string } }>('/api/quota/:namespace', (request) => {
    const { namespace } = request.params;
    requireNamespaceAdmin(deps, request, namespace);
    const { limit } = limitBody.parse(request.body);
    return { namespace, ...quotaView(store.setNamespaceQuota(namespace, limit)) };
  });

  app.post<{ Params: { namespace: string } }>('/api/quota/:namespace/recalculate', (request) => {
    const { namespace } = request.params;
    requireNamespaceMember(deps, request, namespace);
    store.recalculateUsage();
    return { namespace, ...quotaView(store.namespaceQuota(namespace)) };
  });

  for (const plural of Object.keys(REPO_TYPE_PLURALS)) {
    const type = repoTypeFromPlural(plural);

    app.get<{ Params: RepoParams }>(`/api/${plural}/:ns/:name/quota`, (request) => {
      const repo = loadRepo(deps, request, type, request.params.ns, request.params.name, 'read');
      return { repo: repo.fullName, type: repo.type, ...quotaView(store.repoQuota(repo.id)) };
    });

    app.put<{ Params: RepoParams }>(`/api/${plural}/:ns/:name/quota`, (request) => {
      const repo = loadRepo(deps, request, type, request.params.ns, request.params.name, 'write');
      requireNamespaceAdmin(deps, request, repo.namespace);
      const { limit } = limitBody.parse(request.body);
      return { repo: repo.fullName, type: repo.type, ...quotaView(store.setRepoQuota(repo.id, limit)) };
    });
  }
}

function quotaView(status: QuotaStatus): HfQuota {
  return { limit: status.limit, used: status.used, available: status.limit === null ? null : Math.max(0, status.limit - status.used) };
}
