import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { splitCommitMessage } from '../../shared/git-objects.js';
import type { CommitInfo } from '../store/index.js';
import { CommitListCache } from './commit-list-cache.js';
import { baseUrl, isoDate } from '../http/index.js';
import type { HubDeps } from './hub-deps.js';
import { nextLink } from './pagination.js';
import { apiRepoUrl, loadApiRepo } from './repo-params.js';
import { urlTail } from './url-tail.js';
import { avatarUrl } from './whoami.js';

export const DEFAULT_COMMITS_PAGE = 50;
export const MAX_COMMITS_PAGE = 1000;

const count = z.string().regex(/^\d{1,9}$/, 'must be a non-negative integer').transform(Number);

const commitsQuery = z.object({
  limit: count
    .refine((n) => n >= 1, 'must be at least 1')
    .transform((n) => Math.min(n, MAX_COMMITS_PAGE))
    .optional(),
  p: count.optional(),
  expand: z.unknown().optional(),
  'expand[]': z.unknown().optional(),
});

export interface CommitJson {
  readonly id: string;
  readonly title: string;
  readonly message: string;
  readonly authors: ReadonlyArray<{ readonly user: string; readonly avatar: string }>;
  readonly date: string;
  readonly formatted?: { readonly title: string; readonly message: string };
}

/**
 * `GET /api/{rts}/{ns}/{name}/commits/{rev}`: history newest first, `limit` per page and page
 * `p`, the total in `X-Total-Count` (JS countCommits reads only that) and a `Link` to the next
 * page that names the resolved commit, so pages stay consistent while the branch moves.
 */
export function registerCommitsRoutes(app: FastifyInstance, deps: HubDeps): void {
  const histories = new CommitListCache(deps.store);
  app.get('/api/:rts/:ns/:name/commits/*', (request, reply) => {
    const repo = loadApiRepo(deps, request);
    const query = commitsQuery.parse(request.query);
    const limit = query.limit ?? DEFAULT_COMMITS_PAGE;
    const pageIndex = query.p ?? 0;
    const formatted = [query.expand, query['expand[]']].flat().includes('formatted');
    // JS sends the revision raw ("refs/pr/1"), Python percent-encoded: the whole tail is the revision.
    const head = deps.store.resolveRevision(repo.id, urlTail(request.url, 5).join('/'));
    const history = histories.history(head);
    const total = history.length;
    const from = pageIndex * limit;
    const page = history.slice(from, from + limit).map((oid) => {
      const commit = deps.store.getCommit(oid);
      if (!commit) throw new Error(`corrupt store: commit ${oid} of the history of ${head} is missing`);
      return commitJson(commit, formatted);
    });
    reply.header('x-total-count', String(total));
    if (from + page.length < total) {
      const expand = formatted ? '&expand[]=formatted' : '';
      reply.header('link', nextLink(`${apiRepoUrl(baseUrl(request), repo)}/commits/${head}?limit=${limit}&p=${pageIndex + 1}${expand}`));
    }
    return page;
  });
}

function commitJson(commit: CommitInfo, formatted: boolean): CommitJson {
  const { title, description } = splitCommitMessage(commit.message);
  const json: CommitJson = {
    id: commit.oid,
    title,
    message: description,
    authors: [{ user: commit.authorName, avatar: avatarUrl(commit.authorName) }],
    date: isoDate(commit.date),
  };
  return formatted ? { ...json, formatted: { title: escapeHtml(title), message: escapeHtml(description) } } : json;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
