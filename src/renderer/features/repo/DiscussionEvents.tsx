import type { ReactNode } from 'react';
import type { DiscussionEventView } from '../../../shared/app-api.js';
import { formatDateTime, formatRelativeTime } from '../../format/dates.js';
import { shortHash } from '../../format/oids.js';

/** A discussion's conversation, oldest first. Comments are plain text (white space kept), never HTML. */
export function DiscussionEvents({ events }: { readonly events: readonly DiscussionEventView[] }): ReactNode {
  const now = Date.now();
  if (events.length === 0) return <p className="hint">Nothing has been said yet.</p>;
  return (
    <ol className="commit-list discussion-events" aria-label="Conversation">
      {events.map((event) => (
        <li key={event.id} className={`commit discussion-event discussion-${event.type}`} data-testid="discussion-event">
          <p className="commit-meta">
            <strong>{event.author}</strong> {what(event)} ·{' '}
            <time dateTime={new Date(event.createdAt).toISOString()} title={formatDateTime(event.createdAt)}>
              {formatRelativeTime(event.createdAt, now)}
            </time>
          </p>
          {event.type === 'comment' && <p className={event.hidden ? 'hint comment-text' : 'comment-text'}>{event.text}</p>}
        </li>
      ))}
    </ol>
  );
}

function what(event: DiscussionEventView): ReactNode {
  switch (event.type) {
    case 'comment':
      return event.hidden ? 'commented (hidden)' : event.edited ? 'commented (edited)' : 'commented';
    case 'status-change':
      return `marked it ${event.status}`;
    case 'commit':
      return (
        <>
          committed <code>{shortHash(event.oid)}</code> {event.subject}
        </>
      );
    case 'title-change':
      return `renamed it from “${event.from}” to “${event.to}”`;
  }
}
