import {
  DIFF_MAX_CHARS,
  type DiscussionDetails,
  type DiscussionEventView,
  type DiscussionsResponse,
  type DiscussionSummary,
  type MergeResponse,
  type SessionInfo,
} from '../../shared/app-api.js';
import { AppError } from '../../shared/errors.js';
import { pick } from '../../shared/pick.js';
import { BRANCH_PREFIX } from '../../shared/ref-name.js';
import { type Accounts, commitIdentity } from '../accounts/index.js';
import { pullRequestRef, type Author, type Discussion, type DiscussionEvent, type RepoRecord, type Store } from '../store/index.js';
import { sessionCanWrite } from './repo-access.js';
import type { RepoAddress } from './repo-views.js';

export interface HubDiscussionsDeps {
  readonly store: Store;
  readonly accounts: Accounts;
  /** The local hub repo a session may see, else RepoNotFound. */
  readonly load: (session: SessionInfo, address: RepoAddress) => RepoRecord;
}

/**
 * The discussions and pull requests of a local hub repo, for the UI: straight to the store, with
 * the rules the hub's own routes apply. Whoever sees a repo reads its discussions; a write session
 * comments; the author or the repo's writers close and reopen; only writers merge.
 */
export interface HubDiscussions {
  list(session: SessionInfo, address: RepoAddress, limit: number): DiscussionsResponse;
  details(session: SessionInfo, address: RepoAddress, num: number): DiscussionDetails;
  comment(session: SessionInfo, address: RepoAddress, num: number, text: string): DiscussionDetails;
  setStatus(session: SessionInfo, address: RepoAddress, num: number, status: 'open' | 'closed'): DiscussionDetails;
  merge(session: SessionInfo, address: RepoAddress, num: number): MergeResponse;
}

export function createHubDiscussions(deps: HubDiscussionsDeps): HubDiscussions {
  const { store, accounts } = deps;

  const isAuthor = (session: SessionInfo, discussion: Discussion): boolean => discussion.author.toLowerCase() === session.user.toLowerCase();

  function details(session: SessionInfo, repo: RepoRecord, num: number): DiscussionDetails {
    const discussion = store.discussions.get(repo.id, num);
    const writer = sessionCanWrite(accounts, session, repo);
    const open = discussion.status === 'open' || discussion.status === 'draft';
    const pr = discussion.isPullRequest && discussion.baseRef !== undefined;
    const diff = pr ? store.discussions.diff(repo.id, num) : null;
    return {
      ...summary(discussion),
      events: store.discussions.events(repo.id, num).map(eventView),
      baseBranch: pr ? (discussion.baseRef ?? '').slice(BRANCH_PREFIX.length) : null,
      ref: pr ? pullRequestRef(num) : null,
      mergeCommit: discussion.mergeCommit ?? null,
      conflicts: pr ? store.discussions.conflicts(repo.id, num) : [],
      diff: diff === null ? null : diff.slice(0, DIFF_MAX_CHARS),
      diffTruncated: diff !== null && diff.length > DIFF_MAX_CHARS,
      can: {
        comment: session.canWrite,
        changeStatus: session.canWrite && discussion.status !== 'merged' && (writer || isAuthor(session, discussion)),
        merge: writer && pr && open,
      },
    };
  }

  return {
    list(session, address, limit) {
      const repo = deps.load(session, address);
      const { items, total } = store.discussions.list(repo.id, {}, 0, limit);
      return { discussions: items.map(summary), total };
    },

    details: (session, address, num) => details(session, deps.load(session, address), num),

    comment(session, address, num, text) {
      const repo = deps.load(session, address);
      requireWriteSession(session);
      store.discussions.comment(repo.id, num, session.user, text);
      return details(session, repo, num);
    },

    setStatus(session, address, num, status) {
      const repo = deps.load(session, address);
      requireWriteSession(session);
      const discussion = store.discussions.get(repo.id, num);
      if (!sessionCanWrite(accounts, session, repo) && !isAuthor(session, discussion)) {
        throw new AppError('Forbidden', `Only the author of discussion #${num} and the writers of ${repo.fullName} can close or reopen it`);
      }
      store.discussions.setStatus(repo.id, num, session.user, status);
      return details(session, repo, num);
    },

    merge(session, address, num) {
      const repo = deps.load(session, address);
      if (!sessionCanWrite(accounts, session, repo)) {
        throw new AppError('Forbidden', `Only the writers of ${repo.fullName} can merge pull requests`);
      }
      return { mergeCommit: store.discussions.merge(repo.id, num, authorOf(accounts, session.user)).mergeCommit };
    },
  };
}

function requireWriteSession(session: SessionInfo): void {
  if (!session.canWrite) throw new AppError('Forbidden', 'You signed in with a read-only token; sign in with a write token to take part');
}

/** The commit author of a merge: as for hub commits. */
function authorOf(accounts: Accounts, name: string): Author {
  return commitIdentity(accounts.getUser(name) ?? { name, email: null });
}

function summary(discussion: Discussion): DiscussionSummary {
  return pick(discussion, ['num', 'title', 'author', 'status', 'isPullRequest', 'createdAt', 'comments']);
}

function eventView(event: DiscussionEvent): DiscussionEventView {
  const base = { id: event.id, author: event.author, createdAt: event.createdAt };
  switch (event.type) {
    case 'comment':
      return { ...base, type: 'comment', text: event.edits[event.edits.length - 1]?.text ?? '', edited: event.edits.length > 1, hidden: event.hidden };
    case 'status-change':
      return { ...base, type: 'status-change', status: event.status };
    case 'commit':
      return { ...base, type: 'commit', subject: event.subject, oid: event.oid };
    case 'title-change':
      return { ...base, type: 'title-change', from: event.from, to: event.to };
  }
}
