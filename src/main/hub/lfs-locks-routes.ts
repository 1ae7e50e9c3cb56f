import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { requireWrite } from '../http/index.js';
import type { LfsLock, RepoRecord } from '../store/index.js';
import type { HubDeps } from './hub-deps.js';
import { acceptLfsJson, lfsError, sendLfsJson } from './lfs-reply.js';
import { loadRepo } from './repo-access.js';
import { WEB_PREFIXES, gitRouteParams } from './write-params.js';

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const MAX_PATH = 4096;

const refField = z.object({ name: z.string().max(1024).nullish() }).nullish();
const createBody = z.object({ path: z.string().min(1).max(MAX_PATH), ref: refField });
const verifyBody = z.object({ ref: refField, cursor: z.string().max(32).nullish(), limit: z.number().int().min(1).max(MAX_LIMIT).nullish() });
const unlockBody = z.object({ force: z.boolean().nullish(), ref: refField });
const listQuery = z.object({
  path: z.string().max(MAX_PATH).optional(),
  id: z.string().max(32).optional(),
  cursor: z.string().max(32).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).optional(),
  refspec: z.string().max(1024).optional(),
});

/**
 * The git-lfs locking API at `{repo}.git/info/lfs/locks`: create (write access), list (read
 * access), verify (ours / theirs, before a push) and unlock (the owner; anyone else with `force`
 * must own the repo's namespace or administer its organisation).
 */
export function registerLfsLocksRoutes(app: FastifyInstance, deps: HubDeps): void {
  void app.register((scope, _options, done) => {
    acceptLfsJson(scope);
    for (const [prefix, type] of WEB_PREFIXES) {
      const base = `/${prefix}:ns/:name.git/info/lfs/locks`;
      const repoFor = (request: FastifyRequest, access: 'read' | 'write'): RepoRecord => {
        const { ns, name } = gitRouteParams(request);
        return loadRepo(deps, request, type, ns, name, access);
      };

      scope.post(base, (request, reply) =>
        lfsRoute(reply, () => {
          const repo = repoFor(request, 'write');
          const principal = requireWrite(request);
          const body = parse(createBody, request.body);
          const result = deps.store.lfsLocks.create(repo.id, body.path, principal.user.name, body.ref?.name ?? null);
          if ('existing' in result) return reply.status(409).type('application/vnd.git-lfs+json').send(JSON.stringify({ lock: lockJson(result.existing), message: 'already created lock' }));
          return reply.status(201).type('application/vnd.git-lfs+json').send(JSON.stringify({ lock: lockJson(result.created) }));
        }),
      );

      scope.get(base, (request, reply) =>
        lfsRoute(reply, () => {
          const repo = repoFor(request, 'read');
          const query = parse(listQuery, request.query);
          const { locks, nextCursor } = deps.store.lfsLocks.list(repo.id, {
            ...(query.path === undefined ? {} : { path: query.path }),
            ...(query.id === undefined ? {} : { id: query.id }),
            ...(query.cursor === undefined ? {} : { cursor: query.cursor }),
            limit: query.limit ?? DEFAULT_LIMIT,
          });
          return sendLfsJson(reply, { locks: locks.map(lockJson), ...(nextCursor === undefined ? {} : { next_cursor: nextCursor }) });
        }),
      );

      scope.post(`${base}/verify`, (request, reply) =>
        lfsRoute(reply, () => {
          const repo = repoFor(request, 'write');
          const principal = requireWrite(request);
          const body = parse(verifyBody, request.body ?? {});
          const { locks, nextCursor } = deps.store.lfsLocks.list(repo.id, {
            ...(body.cursor ? { cursor: body.cursor } : {}),
            limit: body.limit ?? DEFAULT_LIMIT,
          });
          const ours = locks.filter((lock) => lock.owner === principal.user.name).map(lockJson);
          const theirs = locks.filter((lock) => lock.owner !== principal.user.name).map(lockJson);
          return sendLfsJson(reply, { ours, theirs, ...(nextCursor === undefined ? {} : { next_cursor: nextCursor }) });
        }),
      );

      scope.post<{ Params: { id: string } }>(`${base}/:id/unlock`, (request, reply) =>
        lfsRoute(reply, () => {
          const repo = repoFor(request, 'write');
          const principal = requireWrite(request);
          const body = parse(unlockBody, request.body ?? {});
          const lock = deps.store.lfsLocks.get(repo.id, request.params.id);
          if (!lock) throw new AppError('NotFound', `Lock ${request.params.id.slice(0, 40)} not found`);
          if (lock.owner !== principal.user.name) {
            if (body.force !== true) throw new AppError('Forbidden', `${lock.path} is locked by ${lock.owner}; unlock with --force if you own this repo`);
            const ownsNamespace = repo.namespace.toLowerCase() === principal.user.name.toLowerCase();
            if (!ownsNamespace && deps.accounts.namespaceRole(principal, repo.namespace) !== 'admin') {
              throw new AppError('Forbidden', `Only ${lock.owner} or an owner of ${repo.namespace} may unlock ${lock.path}`);
            }
          }
          deps.store.lfsLocks.delete(repo.id, lock.id);
          return sendLfsJson(reply, { lock: lockJson(lock) });
        }),
      );
    }
    done();
  });
}

function lfsRoute(reply: FastifyReply, handler: () => FastifyReply): FastifyReply {
  try {
    return handler();
  } catch (error) {
    throw lfsError(error, reply);
  }
}

function parse<T>(schema: z.ZodType<T>, raw: unknown): T {
  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const message = parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; ');
    throw new AppError('UnprocessableEntity', `Invalid lock request: ${message}`);
  }
  return parsed.data;
}

function lockJson(lock: LfsLock) {
  return { id: lock.id, path: lock.path, locked_at: new Date(lock.lockedAt).toISOString(), owner: { name: lock.owner } };
}
