import { resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { LibraryFactsResponse, LibraryRepoFacts } from '../../shared/tracking-api.js';
import type { Accounts } from '../accounts/index.js';
import type { Catalog } from '../catalog/index.js';
import type { Store } from '../store/index.js';
import { factsFilterOf } from './facts-filter-query.js';
import { sessionCanSee } from './repo-access.js';
import { SIGNED_IN } from './route-access.js';
import { requireSession } from './session-guard.js';

export interface LibraryFactsDeps {
  readonly catalog: Catalog;
  readonly store: Store;
  readonly accounts: Accounts;
  /** The HF cache folder now: the catalog may still hold the repos of one the cache moved away from. */
  readonly cacheDir: () => string;
}

/**
 * `GET /library/facts`: model facts as columns and filters of the Library, from the catalog (read
 * from the hub store and the cached snapshots, no network). A session sees the facts of the repos
 * its library lists: hub repos its permissions show, the HF cache's only when it is the owner's.
 */
export function registerLibraryFactsRoutes(app: FastifyInstance, deps: LibraryFactsDeps): void {
  app.get('/library/facts', SIGNED_IN, (request): LibraryFactsResponse => {
    const session = requireSession(request);
    const filter = factsFilterOf(request.query);
    const visibleHub = new Set(
      deps.store
        .listRepos()
        .filter((repo) => sessionCanSee(deps.accounts, session, repo))
        .map((repo) => `${repo.type}:${repo.fullName}`),
    );
    const cacheDir = session.role === 'owner' ? resolve(deps.cacheDir()) : undefined;
    const repos = deps.catalog.listFacts(filter).flatMap(({ repo, facts }): LibraryRepoFacts[] => {
      const row = { type: repo.repoType, id: repo.repo, commit: repo.commit, facts };
      if (repo.source === 'hub') return visibleHub.has(`${repo.repoType}:${repo.repo}`) ? [{ source: 'hub', ...row }] : [];
      return repo.source === 'cache' && repo.endpoint === cacheDir ? [{ source: 'cache', ...row }] : [];
    });
    return { repos };
  });
}
