import { AppError } from '../../shared/errors.js';
import { BRANCH_PREFIX, DEFAULT_BRANCH } from '../../shared/ref-name.js';
import {
  createDiscussionEventsTable, createDiscussionsTable, type DiscussionEventRow, type DiscussionEventsTable, type DiscussionFilter, type DiscussionRow,
  type DiscussionStatus, type DiscussionsTable,
} from '../db/index.js';
import type { Author, CommitHooks, CommitResult } from './commit-builder.js';
import { unifiedDiff } from './pull-request-diff.js';
import { planMerge, writeMergeCommit } from './pull-request-merge.js';
import type { StoreContext } from './store-context.js';
import { mergeBase } from './tree-changes.js';

export type { DiscussionFilter, DiscussionStatus } from '../db/index.js';

export const PULL_REQUEST_PREFIX = 'refs/pr/';
export const MAX_DISCUSSION_TITLE = 200;
export const MAX_COMMENT_LENGTH = 65_536;
const HIDDEN_TEXT = 'This comment has been hidden';

export function pullRequestRef(num: number): string {
  return `${PULL_REQUEST_PREFIX}${num}`;
}

/** The number of a pull request ref ("refs/pr/3" → 3), or undefined for any other name. */
export function pullRequestNumOf(refName: string): number | undefined {
  const match = /^refs\/pr\/([1-9][0-9]{0,8})$/.exec(refName);
  return match ? Number(match[1]) : undefined;
}

export interface Discussion {
  readonly repoId: number;
  readonly num: number;
  readonly title: string;
  readonly author: string;
  readonly isPullRequest: boolean;
  readonly status: DiscussionStatus;
  /** The branch ref a pull request merges into ("refs/heads/main"). */
  readonly baseRef: string | undefined;
  readonly mergeCommit: string | undefined;
  readonly createdAt: number;
  /** Comments in it (filled in listings). */
  readonly comments: number;
}

export interface CommentEdit {
  readonly text: string;
  readonly author: string;
  readonly at: number;
}

interface EventBase {
  /** Unique in the hub; increasing within a discussion. */
  readonly id: number;
  readonly author: string;
  readonly createdAt: number;
}

export type DiscussionEvent =
  /** `edits` oldest first; the last is the current text. */
  | (EventBase & { readonly type: 'comment'; readonly edits: readonly CommentEdit[]; readonly hidden: boolean })
  | (EventBase & { readonly type: 'status-change'; readonly status: DiscussionStatus })
  | (EventBase & { readonly type: 'commit'; readonly subject: string; readonly oid: string })
  | (EventBase & { readonly type: 'title-change'; readonly from: string; readonly to: string });

export interface NewDiscussionInput {
  readonly title: string;
  readonly description: string;
  readonly author: string;
  readonly pullRequest: boolean;
  /** The branch a pull request merges into (default: main). */
  readonly base?: string;
  /** Where refs/pr/N starts (default: the base branch's head). */
  readonly startCommit?: string;
  readonly status?: 'draft' | 'open';
}

export interface MergeResult {
  readonly mergeCommit: string;
  readonly events: readonly DiscussionEvent[];
}

/** Discussions and pull requests of the local hub's repos: their rows, events and refs/pr/N refs. */
export class Discussions {
  private readonly rows: DiscussionsTable;
  private readonly log: DiscussionEventsTable;

  constructor(private readonly ctx: StoreContext) {
    this.rows = createDiscussionsTable(ctx.db);
    this.log = createDiscussionEventsTable(ctx.db);
  }

  open(repoId: number, input: NewDiscussionInput): Discussion {
    return this.ctx.db.transaction(() => this.get(repoId, this.openNow(repoId, input))).immediate();
  }

  /**
   * Commit hooks that open a pull request on `base` inside the commit's transaction and move its
   * new ref: the PR exists if and only if the commit does. `opened` receives its number.
   */
  openWithCommit(repoId: number, input: Omit<NewDiscussionInput, 'pullRequest'>, opened: (num: number) => void): CommitHooks {
    let num = 0;
    return {
      before: () => {
        num = this.openNow(repoId, { ...input, pullRequest: true });
        opened(num);
        return pullRequestRef(num);
      },
      after: (result) => this.recordCommit(repoId, num, input.author, result),
    };
  }

  /** Hooks for a commit to refs/pr/N: the PR must be open (or a draft), and the commit is recorded in it. */
  commitHooks(repoId: number, refName: string, author: string): CommitHooks | undefined {
    const num = pullRequestNumOf(refName);
    if (num === undefined) return undefined;
    return {
      before: () => {
        const row = this.get(repoId, num);
        if (row.status === 'closed' || row.status === 'merged') {
          throw new AppError('Forbidden', `Pull request #${num} is ${row.status}: it takes no more commits`);
        }
        return refName;
      },
      after: (result) => this.recordCommit(repoId, num, author, result),
    };
  }

  get(repoId: number, num: number): Discussion {
    const row = this.rows.get(repoId, num);
    if (!row) throw new AppError('NotFound', `Discussion #${num} not found`);
    return toDiscussion(row);
  }

  list(repoId: number, filter: DiscussionFilter, offset: number, limit: number): { items: Discussion[]; total: number } {
    return { items: this.rows.page(repoId, filter, offset, limit).map(toDiscussion), total: this.rows.count(repoId, filter) };
  }

  events(repoId: number, num: number): DiscussionEvent[] {
    return this.log.list(repoId, num).map(toEvent);
  }

  event(repoId: number, num: number, id: number): DiscussionEvent {
    this.get(repoId, num);
    const row = this.log.get(repoId, num, id);
    if (!row) throw new AppError('NotFound', `Comment ${id.toString(16)} not found in discussion #${num}`);
    return toEvent(row);
  }

  comment(repoId: number, num: number, author: string, text: string): DiscussionEvent {
    checkComment(text);
    return this.ctx.db.transaction(() => {
      this.get(repoId, num);
      return this.addComment(repoId, num, author, text);
    }).immediate();
  }

  /** Replaces a comment's text, keeping the earlier versions in its history. */
  editComment(repoId: number, num: number, id: number, author: string, text: string): DiscussionEvent {
    checkComment(text);
    return this.ctx.db.transaction(() => {
      const event = this.commentEvent(repoId, num, id);
      if (event.hidden) throw new AppError('Forbidden', 'A hidden comment cannot be edited');
      const edits = [...event.edits, { text, author, at: this.ctx.now() }];
      this.log.setData(id, { edits, hidden: false });
      return { ...event, edits };
    }).immediate();
  }

  /** Hides a comment for good: its text (and every earlier version) is erased. */
  hideComment(repoId: number, num: number, id: number, author: string): DiscussionEvent {
    return this.ctx.db.transaction(() => {
      const event = this.commentEvent(repoId, num, id);
      const edits = [{ text: HIDDEN_TEXT, author, at: this.ctx.now() }];
      this.log.setData(id, { edits, hidden: true });
      return { ...event, edits, hidden: true };
    }).immediate();
  }

  rename(repoId: number, num: number, author: string, title: string): DiscussionEvent {
    const to = checkTitle(title);
    return this.ctx.db.transaction(() => {
      const from = this.get(repoId, num).title;
      this.rows.setTitle(repoId, num, to);
      return this.addEvent(repoId, num, 'title-change', author, { from, to });
    }).immediate();
  }

  /** Opens or closes a discussion (a merged pull request stays merged); an optional comment goes first. */
  setStatus(repoId: number, num: number, author: string, status: 'open' | 'closed', comment?: string): DiscussionEvent {
    if (comment !== undefined) checkComment(comment);
    return this.ctx.db.transaction(() => {
      const current = this.get(repoId, num);
      if (current.status === 'merged') throw new AppError('BadRequest', `Pull request #${num} is merged: its status cannot change`);
      if (comment !== undefined) this.addComment(repoId, num, author, comment);
      this.rows.setStatus(repoId, num, status);
      return this.addEvent(repoId, num, 'status-change', author, { status });
    }).immediate();
  }

  /**
   * Merges a pull request into its base branch in one transaction: a fast-forward when the base has
   * not moved, else a merge commit; the base ref moves by compare-and-swap. Conflicts are refused
   * (409) with the files named.
   */
  merge(repoId: number, num: number, author: Author, comment?: string): MergeResult {
    if (comment !== undefined) checkComment(comment);
    const { ctx } = this;
    return ctx.db.transaction(() => {
      const pr = this.get(repoId, num);
      if (!pr.isPullRequest || pr.baseRef === undefined) throw new AppError('BadRequest', `Discussion #${num} is not a pull request`);
      if (pr.status === 'merged' || pr.status === 'closed') throw new AppError('BadRequest', `Pull request #${num} is ${pr.status}`);
      const { baseHead, prHead } = this.heads(repoId, pr);
      const plan = planMerge(ctx, baseHead, prHead);
      if (plan.kind === 'conflict') {
        throw new AppError('Conflict', `Pull request #${num} has conflicts in: ${plan.files.join(', ')}`, { files: plan.files.join(',') });
      }
      let mergeCommit = baseHead;
      if (plan.kind === 'fast-forward') mergeCommit = prHead;
      if (plan.kind === 'merge') mergeCommit = writeMergeCommit(ctx, repoId, plan, { baseHead, prHead }, author, `Merge pull request #${num}: ${pr.title}`);
      if (mergeCommit !== baseHead) {
        if (!ctx.refs.compareAndSwap(repoId, pr.baseRef, baseHead, mergeCommit)) {
          throw new AppError('ParentCommitMismatch', 'The branch was updated since you opened this page. Please refresh and try again.');
        }
        ctx.repos.touch(repoId, ctx.now());
      }
      const events: DiscussionEvent[] = [];
      if (comment !== undefined) events.push(this.addComment(repoId, num, author.name, comment));
      this.rows.setStatus(repoId, num, 'merged', mergeCommit);
      events.push(this.addEvent(repoId, num, 'status-change', author.name, { status: 'merged' }));
      return { mergeCommit, events };
    }).immediate();
  }

  /** Files changed on both sides since the pull request and its base diverged (none once merged or closed). */
  conflicts(repoId: number, num: number): string[] {
    const pr = this.get(repoId, num);
    if (!pr.isPullRequest || pr.status === 'merged' || pr.status === 'closed') return [];
    const { baseHead, prHead } = this.heads(repoId, pr);
    const plan = planMerge(this.ctx, baseHead, prHead);
    return plan.kind === 'conflict' ? [...plan.files] : [];
  }

  /** The pull request's changes as a unified diff: from where it started to its head. */
  diff(repoId: number, num: number): string {
    const pr = this.get(repoId, num);
    const { baseHead, prHead } = this.heads(repoId, pr);
    const firstCommit = this.events(repoId, num).find((event) => event.type === 'commit');
    const firstParent = firstCommit?.type === 'commit' ? this.ctx.objects.getCommit(firstCommit.oid)?.parents.split(' ')[0] : undefined;
    const start = firstParent || (mergeBase(this.ctx, baseHead, prHead) ?? baseHead);
    return unifiedDiff(this.ctx, start, prHead);
  }

  /** Every refs/pr/N of a repo, by number. */
  pullRequestRefs(repoId: number): Array<{ num: number; ref: string; commit: string }> {
    const refs: Array<{ num: number; ref: string; commit: string }> = [];
    for (const ref of this.ctx.refs.list(repoId)) {
      const num = pullRequestNumOf(ref.name);
      if (num !== undefined) refs.push({ num, ref: ref.name, commit: ref.commit_oid });
    }
    return refs.sort((a, b) => a.num - b.num);
  }

  private heads(repoId: number, pr: Discussion): { baseHead: string; prHead: string } {
    const prHead = this.ctx.refs.get(repoId, pullRequestRef(pr.num));
    if (!pr.baseRef || !prHead) throw new AppError('BadRequest', `Discussion #${pr.num} is not a pull request`);
    const baseHead = this.ctx.refs.get(repoId, pr.baseRef);
    if (!baseHead) throw new AppError('RevisionNotFound', `The base branch ${pr.baseRef.slice(BRANCH_PREFIX.length)} no longer exists`);
    return { baseHead, prHead };
  }

  /** Inserts the discussion, its first comment and, for a pull request, its ref (inside the caller's transaction). */
  private openNow(repoId: number, input: NewDiscussionInput): number {
    const title = checkTitle(input.title);
    if (input.description !== '') checkComment(input.description);
    const { ctx } = this;
    let baseRef: string | undefined;
    let start: string | undefined;
    if (input.pullRequest) {
      baseRef = BRANCH_PREFIX + (input.base ?? DEFAULT_BRANCH);
      start = input.startCommit ?? ctx.refs.get(repoId, baseRef);
      if (start === undefined) throw new AppError('RevisionNotFound', `Invalid rev id: ${input.base ?? DEFAULT_BRANCH}`);
      if (!ctx.objects.repoHasCommit(repoId, start)) throw new AppError('RevisionNotFound', `Invalid rev id: ${start}`);
    }
    const status = input.pullRequest ? (input.status ?? 'draft') : 'open';
    const num = this.rows.insert({ repoId, title, author: input.author, status, createdAt: ctx.now(), ...(baseRef ? { baseRef } : {}) });
    if (start !== undefined && !ctx.refs.create(repoId, pullRequestRef(num), start)) {
      throw new AppError('Conflict', `${pullRequestRef(num)} already exists`);
    }
    if (input.description !== '') this.addComment(repoId, num, input.author, input.description);
    return num;
  }

  private recordCommit(repoId: number, num: number, author: string, result: CommitResult): void {
    const subject = this.ctx.objects.getCommit(result.commitOid)?.message.split('\n')[0] ?? '';
    this.addEvent(repoId, num, 'commit', author, { subject, oid: result.commitOid });
  }

  private commentEvent(repoId: number, num: number, id: number): Extract<DiscussionEvent, { type: 'comment' }> {
    const event = this.event(repoId, num, id);
    if (event.type !== 'comment') throw new AppError('NotFound', `Event ${id.toString(16)} of discussion #${num} is not a comment`);
    return event;
  }

  private addComment(repoId: number, num: number, author: string, text: string): DiscussionEvent {
    return this.addEvent(repoId, num, 'comment', author, { edits: [{ text, author, at: this.ctx.now() }], hidden: false });
  }

  private addEvent(repoId: number, num: number, type: DiscussionEvent['type'], author: string, data: object): DiscussionEvent {
    const createdAt = this.ctx.now();
    const id = this.log.insert({ repoId, num, type, author, createdAt, data });
    return toEvent({ id, type, author, created_at: createdAt, data: JSON.stringify(data) });
  }
}

function checkTitle(title: string): string {
  const trimmed = title.trim();
  if (trimmed === '' || trimmed.length > MAX_DISCUSSION_TITLE) {
    throw new AppError('BadRequest', `A title must have 1 to ${MAX_DISCUSSION_TITLE} characters`);
  }
  return trimmed;
}

function checkComment(text: string): void {
  if (text.trim() === '' || text.length > MAX_COMMENT_LENGTH) {
    throw new AppError('BadRequest', `A comment must have 1 to ${MAX_COMMENT_LENGTH} characters`);
  }
}

function toDiscussion(row: DiscussionRow): Discussion {
  return {
    repoId: row.repo_id,
    num: row.num,
    title: row.title,
    author: row.author,
    isPullRequest: row.is_pull_request === 1,
    status: row.status,
    baseRef: row.base_ref ?? undefined,
    mergeCommit: row.merge_commit ?? undefined,
    createdAt: row.created_at,
    comments: row.comments,
  };
}

function toEvent(row: DiscussionEventRow): DiscussionEvent {
  const base = { id: row.id, author: row.author, createdAt: row.created_at };
  const data = JSON.parse(row.data) as Record<string, unknown>;
  switch (row.type) {
    case 'comment':
      return { ...base, type: 'comment', edits: data.edits as CommentEdit[], hidden: data.hidden === true };
    case 'status-change':
      return { ...base, type: 'status-change', status: data.status as DiscussionStatus };
    case 'commit':
      return { ...base, type: 'commit', subject: String(data.subject), oid: String(data.oid) };
    case 'title-change':
      return { ...base, type: 'title-change', from: String(data.from), to: String(data.to) };
  }
}
