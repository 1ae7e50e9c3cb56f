import { useState, type ReactNode } from 'react';
import type { DiscussionDetails } from '../../../shared/app-api.js';
import { isAppError } from '../../../shared/errors.js';
import type { RepoKey } from '../../api/api-client.js';
import { Badge } from '../../components/Badge.js';
import { ConfirmDialog } from '../../components/ConfirmDialog.js';
import { FormError } from '../../components/FormError.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatDateTime, formatRelativeTime } from '../../format/dates.js';
import { discussionQuery, repoKeyText } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';
import { formatHash, type Route } from '../../routing/routes.js';
import { useApi, useAppStore } from '../../store/store-context.js';
import { CommentForm } from './CommentForm.js';
import { DiscussionEvents } from './DiscussionEvents.js';
import { UnifiedDiffView } from './UnifiedDiffView.js';
import { STATUS_TONES } from './discussion-status.js';

type RepoRoute = Extract<Route, { screen: 'repo' }>;

export interface DiscussionViewProps {
  readonly route: RepoRoute;
  readonly repo: RepoKey;
  readonly num: number;
}

function message(error: unknown): string {
  return isAppError(error) ? error.message : 'The core could not be reached';
}

/** One discussion or pull request: its conversation, its diff, a comment box and the actions the session may take. */
export function DiscussionView({ route, repo, num }: DiscussionViewProps): ReactNode {
  const query = useQuery(discussionQuery(repo, num));
  return (
    <>
      <p>
        <a href={formatHash({ ...route, discussion: undefined })}>← All pull requests and discussions</a>
      </p>
      <QueryContent query={query} what={`discussion #${num}`}>
        {(details) => <DiscussionBody route={route} repo={repo} details={details} />}
      </QueryContent>
    </>
  );
}

function DiscussionBody({ route, repo, details }: { readonly route: RepoRoute; readonly repo: RepoKey; readonly details: DiscussionDetails }): ReactNode {
  const api = useApi();
  const invalidate = useAppStore((state) => state.invalidateQueries);
  const notify = useAppStore((state) => state.notify);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | undefined>(undefined);
  const [confirming, setConfirming] = useState(false);
  const key = repoKeyText(repo);
  const open = details.status === 'open' || details.status === 'draft';
  const now = Date.now();

  const act = (action: () => Promise<unknown>, done: string, changedFiles: boolean): void => {
    setBusy(true);
    setProblem(undefined);
    action().then(
      () => {
        setBusy(false);
        setConfirming(false);
        invalidate(`discussions:${key}`, ...(changedFiles ? [`repo:${key}`, `tree:${key}`, `commits:${key}`, `readme:${key}`, `diff:${key}`, 'library'] : []));
        notify(done);
      },
      (error: unknown) => {
        setBusy(false);
        setConfirming(false);
        setProblem(message(error));
      },
    );
  };

  const setStatus = (status: 'open' | 'closed'): void =>
    act(() => api.setDiscussionStatus(repo, details.num, status), `${status === 'closed' ? 'Closed' : 'Reopened'} #${details.num}.`, false);
  const merge = (): void => act(() => api.mergePullRequest(repo, details.num), `Merged #${details.num} into ${details.baseBranch ?? 'its branch'}.`, true);

  return (
    <article className="discussion" aria-labelledby="discussion-title">
      <h2 id="discussion-title" className="discussion-title">
        {details.title} <span className="discussion-num">#{details.num}</span>
      </h2>
      <p className="commit-meta">
        <Badge tone={STATUS_TONES[details.status]}>{details.status}</Badge>
        <Badge tone={details.isPullRequest ? 'accent' : 'neutral'}>{details.isPullRequest ? 'pull request' : 'discussion'}</Badge>
        {details.author} opened it{' '}
        <time dateTime={new Date(details.createdAt).toISOString()} title={formatDateTime(details.createdAt)}>
          {formatRelativeTime(details.createdAt, now)}
        </time>
        {details.ref !== null && (
          <>
            {' '}
            · <code>{details.ref}</code> into <code>{details.baseBranch}</code>
          </>
        )}
      </p>
      <div className="actions" role="group" aria-label="Discussion actions">
        {details.ref !== null && (
          <a className="button-link" href={formatHash({ ...route, revision: details.ref, tab: 'files', discussion: undefined })}>
            Browse files of {details.ref}
          </a>
        )}
        {details.can.changeStatus && (
          <button type="button" disabled={busy} onClick={() => setStatus(open ? 'closed' : 'open')}>
            {open ? 'Close' : 'Reopen'}
          </button>
        )}
        {details.isPullRequest && open && (
          <button
            type="button"
            className="primary"
            disabled={busy || !details.can.merge || details.conflicts.length > 0}
            title={details.can.merge ? undefined : 'Only the writers of this repo can merge'}
            onClick={() => setConfirming(true)}
          >
            Merge
          </button>
        )}
      </div>
      {details.isPullRequest && open && !details.can.merge && <p className="hint">Only the writers of this repo can merge it.</p>}
      {details.conflicts.length > 0 && (
        <p className="form-error">
          Conflicts with {details.baseBranch}: {details.conflicts.join(', ')}. Resolve them on {details.ref} before merging.
        </p>
      )}
      {details.mergeCommit !== null && (
        <p className="hint">
          Merged as <code>{details.mergeCommit.slice(0, 12)}</code>.
        </p>
      )}
      <FormError message={problem} />

      <h3>Conversation</h3>
      <DiscussionEvents events={details.events} />
      {details.can.comment ? (
        <CommentForm repo={repo} num={details.num} onPosted={() => invalidate(`discussions:${key}`)} />
      ) : (
        <p className="hint">Sign in with a write token to comment.</p>
      )}

      {details.diff !== null && (
        <>
          <h3>Changes</h3>
          <UnifiedDiffView diff={details.diff} truncated={details.diffTruncated} />
        </>
      )}

      <ConfirmDialog
        open={confirming}
        title={`Merge #${details.num} into ${details.baseBranch ?? 'its branch'}?`}
        confirmLabel={busy ? 'Merging…' : 'Merge'}
        busy={busy}
        onConfirm={merge}
        onCancel={() => setConfirming(false)}
      >
        <p>
          The changes of <code>{details.ref}</code> land on <code>{details.baseBranch}</code>: a fast-forward when the branch has not moved
          since, else a merge commit.
        </p>
      </ConfirmDialog>
    </article>
  );
}
