import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { CommentRequest, DiscussionStatusRequest } from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import type { HubDiscussions } from './hub-discussions.js';
import { parseRepoAddress } from './repo-routes.js';
import { SIGNED_IN } from './route-access.js';
import { requireSession } from './session-guard.js';

const BASE = '/repos/hub/:type/:repo/discussions';

const listQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) });
const commentBody = z.strictObject({ comment: z.string().max(70_000) }) satisfies z.ZodType<CommentRequest>;
const statusBody = z.strictObject({ status: z.enum(['open', 'closed']) }) satisfies z.ZodType<DiscussionStatusRequest>;

function discussionNum(params: unknown): number {
  const text = (params as { num?: unknown }).num;
  if (typeof text !== 'string' || !/^[1-9][0-9]{0,8}$/.test(text)) {
    throw new AppError('NotFound', `Discussion ${String(text).slice(0, 20)} not found`);
  }
  return Number(text);
}

/**
 * The discussions and pull requests of a local hub repo. Every route is open to any session: what
 * it may see and change is its hub permissions' business (hub-discussions.ts).
 */
export function registerDiscussionRoutes(app: FastifyInstance, discussions: HubDiscussions): void {
  app.get(BASE, SIGNED_IN, (request) =>
    discussions.list(requireSession(request), parseRepoAddress(request.params), listQuery.parse(request.query).limit),
  );

  app.get(`${BASE}/:num`, SIGNED_IN, (request) =>
    discussions.details(requireSession(request), parseRepoAddress(request.params), discussionNum(request.params)),
  );

  app.post(`${BASE}/:num/comment`, SIGNED_IN, (request) =>
    discussions.comment(requireSession(request), parseRepoAddress(request.params), discussionNum(request.params), commentBody.parse(request.body).comment),
  );

  app.post(`${BASE}/:num/status`, SIGNED_IN, (request) =>
    discussions.setStatus(requireSession(request), parseRepoAddress(request.params), discussionNum(request.params), statusBody.parse(request.body).status),
  );

  app.post(`${BASE}/:num/merge`, SIGNED_IN, (request) =>
    discussions.merge(requireSession(request), parseRepoAddress(request.params), discussionNum(request.params)),
  );
}
