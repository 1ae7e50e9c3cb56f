import type { FastifyInstance } from 'fastify';
import { AppError } from '../../shared/errors.js';
import { isoDate, requireWrite } from '../http/index.js';
import type { HubDeps } from './hub-deps.js';
import { canRead, loadRepo } from './repo-access.js';
import { repoRouteParams } from './write-params.js';
import { repoTypeFromPlural } from './repo-type-plural.js';
import { avatarUrl } from './whoami.js';

/** One entry of `GET /api/users/{user}/likes`, in the Hub's shape (Python reads `repo.name` and `repo.type`). */
export interface HfLike {
  readonly createdAt: string;
  readonly repo: { readonly name: string; readonly type: string };
}

/**
 * Likes: `POST`/`DELETE /api/{rts}/{ns}/{name}/like` (a write token; the repo must be readable by
 * the caller), `GET .../likers`, and `GET /api/users/{user}/likes` (the repos of that user's likes
 * the caller may see).
 */
export function registerLikeRoutes(app: FastifyInstance, deps: HubDeps): void {
  const likeTarget = (request: Parameters<typeof repoRouteParams>[0]) => {
    const params = repoRouteParams(request);
    const repo = loadRepo(deps, request, repoTypeFromPlural(params.rts), params.ns, params.name, 'read');
    return { repo, principal: requireWrite(request) };
  };

  app.post('/api/:rts/:ns/:name/like', (request) => {
    const { repo, principal } = likeTarget(request);
    deps.store.likes.like(repo.id, principal.user.id);
    return { likes: deps.store.likes.count(repo.id) };
  });

  app.delete('/api/:rts/:ns/:name/like', (request) => {
    const { repo, principal } = likeTarget(request);
    deps.store.likes.unlike(repo.id, principal.user.id);
    return { likes: deps.store.likes.count(repo.id) };
  });

  app.get('/api/:rts/:ns/:name/likers', (request) => {
    const params = repoRouteParams(request);
    const repo = loadRepo(deps, request, repoTypeFromPlural(params.rts), params.ns, params.name, 'read');
    const users = new Map(deps.accounts.listUsers().map((user) => [user.id, user]));
    return deps.store.likes.likers(repo.id).flatMap((id) => {
      const user = users.get(id);
      return user ? [{ user: user.name, fullname: user.fullname, avatarUrl: avatarUrl(user.name), type: 'user' }] : [];
    });
  });

  app.get<{ Params: { user: string } }>('/api/users/:user/likes', (request) => {
    const user = deps.accounts.getUser(request.params.user);
    if (!user) throw new AppError('NotFound', `No user named "${request.params.user}"`);
    const likes: HfLike[] = [];
    for (const { repo, likedAt } of deps.store.likes.likedBy(user.id)) {
      if (canRead(deps, request, repo)) likes.push({ createdAt: isoDate(likedAt), repo: { name: repo.fullName, type: repo.type } });
    }
    return likes;
  });
}
