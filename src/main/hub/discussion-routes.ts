import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../shared/errors.js';
import { requireWrite } from '../http/index.js';
import type { Discussion, DiscussionFilter, RepoRecord } from '../store/index.js';
import { discussionUrl } from './commit-route.js';
import { isRepoWriter } from './commit-target.js';
import { DiscussionJsonWriter, parseEventId } from './discussion-json.js';
import { parseBool } from '../http/index.js';
import type { HubDeps } from './hub-deps.js';
import { loadApiRepo } from './repo-params.js';
import { commitIdentity } from '../accounts/index.js';

/** HF lists discussions 50 to a page. */
export const DISCUSSIONS_PAGE_SIZE = 50;

const BASE = '/api/:rts/:ns/:name/discussions';

const listQuery = z.object({
  p: z.string().regex(/^\d{1,6}$/, 'must be a page number').transform(Number).optional(),
  type: z.enum(['all', 'discussion', 'pull_request']).optional(),
  status: z.enum(['all', 'open', 'closed']).optional(),
  author: z.string().max(100).optional(),
});
const createBody = z.object({
  title: z.string(),
  description: z.string().nullish(),
  pullRequest: z.boolean().nullish(),
});
const commentBody = z.object({ comment: z.string() });
const editBody = z.object({ content: z.string() });
const titleBody = z.object({ title: z.string() });
const statusBody = z.object({ status: z.enum(['open', 'closed']), comment: z.string().nullish() });
const mergeBody = z.object({ comment: z.string().nullish() }).nullish();

/**
 * Discussions and pull requests (`/api/{rts}/{ns}/{name}/discussions/...`), as huggingface.co
 * serves them. Anyone who can read a repo reads its discussions; posting needs a write token;
 * merging, hiding comments and changing others' discussions need write access to the repo.
 */
export function registerDiscussionRoutes(app: FastifyInstance, deps: HubDeps): void {
  const { store } = deps;
  const writerFor = (repo: RepoRecord) => new DiscussionJsonWriter(deps.accounts, repo);

  app.get(BASE, (request) => {
    const repo = loadApiRepo(deps, request);
    const query = listQuery.parse(request.query);
    const page = query.p ?? 0;
    const filter: DiscussionFilter = {
      ...(query.type === 'discussion' || query.type === 'pull_request' ? { pullRequests: query.type === 'pull_request' } : {}),
      ...(query.status === 'open' || query.status === 'closed' ? { status: query.status } : {}),
      ...(query.author !== undefined && query.author !== '' ? { author: query.author } : {}),
    };
    const start = page * DISCUSSIONS_PAGE_SIZE;
    const { items, total } = store.discussions.list(repo.id, filter, start, DISCUSSIONS_PAGE_SIZE);
    const json = writerFor(repo);
    return {
      discussions: items.map((item) => json.discussion(item)),
      count: total,
      start,
      numClosedDiscussions: store.discussions.list(repo.id, { ...filter, status: 'closed' }, 0, 0).total,
    };
  });

  app.post(BASE, (request) => {
    const repo = loadApiRepo(deps, request);
    const principal = requireWrite(request);
    const body = createBody.parse(request.body ?? {});
    const discussion = store.discussions.open(repo.id, {
      title: body.title,
      description: body.description?.trim() ?? '',
      author: principal.user.name,
      pullRequest: body.pullRequest ?? false,
    });
    return { ...writerFor(repo).discussion(discussion), url: discussionUrl(request, repo, discussion.num) };
  });

  app.get(`${BASE}/:num`, (request) => {
    const { repo, discussion } = loadDiscussion(deps, request);
    const json = writerFor(repo);
    const details = {
      ...json.discussion(discussion),
      events: store.discussions.events(repo.id, discussion.num).map((event) => json.event(event)),
      locked: false,
    };
    if (!discussion.isPullRequest) return details;
    const withDiff = parseBool((request.query as Record<string, unknown> | undefined)?.diff);
    return {
      ...details,
      changes: { base: discussion.baseRef, ...(discussion.mergeCommit ? { mergeCommitId: discussion.mergeCommit } : {}) },
      filesWithConflicts: store.discussions.conflicts(repo.id, discussion.num),
      ...(withDiff ? { diff: store.discussions.diff(repo.id, discussion.num) } : {}),
    };
  });

  app.post(`${BASE}/:num/comment`, (request) => {
    const { repo, discussion, author } = loadDiscussionForChange(deps, request);
    const { comment } = commentBody.parse(request.body ?? {});
    return { newMessage: writerFor(repo).event(store.discussions.comment(repo.id, discussion.num, author, comment)) };
  });

  app.post(`${BASE}/:num/comment/:id/edit`, (request) => {
    const { repo, discussion, author } = loadDiscussionForChange(deps, request);
    const id = parseEventId((request.params as { id: string }).id);
    const { content } = editBody.parse(request.body ?? {});
    const event = store.discussions.event(repo.id, discussion.num, id);
    if (event.author.toLowerCase() !== author.toLowerCase()) throw new AppError('Forbidden', 'Only its author can edit a comment');
    return { updatedComment: writerFor(repo).event(store.discussions.editComment(repo.id, discussion.num, id, author, content)) };
  });

  app.post(`${BASE}/:num/comment/:id/hide`, (request) => {
    const { repo, discussion, author, writer } = loadDiscussionForChange(deps, request);
    const id = parseEventId((request.params as { id: string }).id);
    if (!writer) throw new AppError('Forbidden', `Only the writers of ${repo.fullName} can hide comments`);
    return { updatedComment: writerFor(repo).event(store.discussions.hideComment(repo.id, discussion.num, id, author)) };
  });

  app.post(`${BASE}/:num/title`, (request) => {
    const { repo, discussion, author } = loadDiscussionForChange(deps, request, 'own');
    const { title } = titleBody.parse(request.body ?? {});
    return { newTitle: writerFor(repo).event(store.discussions.rename(repo.id, discussion.num, author, title)) };
  });

  app.post(`${BASE}/:num/status`, (request) => {
    const { repo, discussion, author } = loadDiscussionForChange(deps, request, 'own');
    const body = statusBody.parse(request.body ?? {});
    const comment = body.comment?.trim() || undefined;
    return { newStatus: writerFor(repo).event(store.discussions.setStatus(repo.id, discussion.num, author, body.status, comment)) };
  });

  app.post(`${BASE}/:num/merge`, (request) => {
    const { repo, discussion, writer, principal } = loadDiscussionForChange(deps, request);
    if (!writer) throw new AppError('Forbidden', `Only the writers of ${repo.fullName} can merge pull requests`);
    const comment = mergeBody.parse(request.body)?.comment?.trim() || undefined;
    const result = store.discussions.merge(repo.id, discussion.num, commitIdentity(principal.user), comment);
    return { num: discussion.num, status: 'merged', mergeCommitId: result.mergeCommit };
  });
}

function loadDiscussion(deps: HubDeps, request: FastifyRequest): { repo: RepoRecord; discussion: Discussion } {
  const repo = loadApiRepo(deps, request);
  const text = (request.params as { num?: string }).num ?? '';
  if (!/^[1-9][0-9]{0,8}$/.test(text)) throw new AppError('NotFound', `Discussion ${text.slice(0, 20)} not found`);
  return { repo, discussion: deps.store.discussions.get(repo.id, Number(text)) };
}

/**
 * A discussion the caller changes: a write token is needed; with `own`, only the discussion's
 * author or the repo's writers may go on.
 */
function loadDiscussionForChange(deps: HubDeps, request: FastifyRequest, who: 'anyone' | 'own' = 'anyone') {
  const { repo, discussion } = loadDiscussion(deps, request);
  const principal = requireWrite(request);
  const author = principal.user.name;
  const writer = isRepoWriter(deps, request, repo);
  if (who === 'own' && !writer && discussion.author.toLowerCase() !== author.toLowerCase()) {
    throw new AppError('Forbidden', `Only the author of discussion #${discussion.num} and the writers of ${repo.fullName} can change it`);
  }
  return { repo, discussion, principal, author, writer };
}
