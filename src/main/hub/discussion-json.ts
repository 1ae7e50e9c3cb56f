import { AppError } from '../../shared/errors.js';
import type { Accounts } from '../accounts/index.js';
import type { CommentEdit, Discussion, DiscussionEvent, RepoRecord } from '../store/index.js';
import { isoDate } from '../http/index.js';
import { avatarUrl } from './whoami.js';

/** The wire shapes of discussions, pull requests and their events, as huggingface.co sends them. */

export interface AuthorJson {
  readonly name: string;
  readonly fullname: string;
  readonly avatarUrl: string;
  readonly type: 'user';
  readonly isPro: false;
  readonly isHf: false;
}

export interface DiscussionJson {
  readonly num: number;
  readonly title: string;
  readonly status: Discussion['status'];
  readonly createdAt: string;
  readonly isPullRequest: boolean;
  readonly author: AuthorJson;
  readonly repo: { readonly name: string; readonly type: RepoRecord['type'] };
  readonly numComments: number;
  readonly pinned: false;
  readonly topReactions: readonly never[];
  readonly numReactionUsers: 0;
}

interface CommentRevisionJson {
  readonly raw: string;
  readonly html: string;
  readonly updatedAt: string;
  readonly author: AuthorJson;
}

export interface EventJson {
  readonly id: string;
  readonly type: DiscussionEvent['type'];
  readonly createdAt: string;
  readonly author: AuthorJson;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Event ids on the wire are 24 hex digits, as HF's are (Python lower-cases them). */
export function eventIdJson(id: number): string {
  return id.toString(16).padStart(24, '0');
}

export function parseEventId(text: string): number {
  if (!/^[0-9a-f]{1,24}$/i.test(text)) throw new AppError('NotFound', `Comment ${text.slice(0, 40)} not found`);
  const id = Number.parseInt(text, 16);
  if (!Number.isSafeInteger(id)) throw new AppError('NotFound', `Comment ${text.slice(0, 40)} not found`);
  return id;
}

export class DiscussionJsonWriter {
  constructor(
    private readonly accounts: Accounts,
    private readonly repo: RepoRecord,
  ) {}

  author(name: string): AuthorJson {
    const user = this.accounts.getUser(name);
    return { name, fullname: user?.fullname ?? name, avatarUrl: avatarUrl(name), type: 'user', isPro: false, isHf: false };
  }

  discussion(discussion: Discussion): DiscussionJson {
    return {
      num: discussion.num,
      title: discussion.title,
      status: discussion.status,
      createdAt: isoDate(discussion.createdAt),
      isPullRequest: discussion.isPullRequest,
      author: this.author(discussion.author),
      repo: { name: this.repo.fullName, type: this.repo.type },
      numComments: discussion.comments,
      pinned: false,
      topReactions: [],
      numReactionUsers: 0,
    };
  }

  event(event: DiscussionEvent): EventJson {
    const common = { id: eventIdJson(event.id), type: event.type, createdAt: isoDate(event.createdAt), author: this.author(event.author) };
    switch (event.type) {
      case 'comment': {
        const revisions = event.edits.map((edit) => this.revision(edit));
        const latest = revisions[revisions.length - 1] as CommentRevisionJson;
        return {
          ...common,
          data: {
            edited: event.edits.length > 1,
            hidden: event.hidden,
            latest,
            numEdits: event.edits.length - 1,
            editors: [...new Set(event.edits.map((edit) => edit.author))],
            // Earlier versions, newest first: Python counts its edits as their number.
            history: revisions.slice(0, -1).reverse(),
            reactions: [],
            isReport: false,
          },
        };
      }
      case 'status-change':
        return { ...common, data: { status: event.status } };
      case 'commit':
        return { ...common, data: { subject: event.subject, oid: event.oid } };
      case 'title-change':
        return { ...common, data: { from: event.from, to: event.to } };
    }
  }

  private revision(edit: CommentEdit): CommentRevisionJson {
    return { raw: edit.text, html: `<p>${escapeHtml(edit.text)}</p>`, updatedAt: isoDate(edit.at), author: this.author(edit.author) };
  }
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
