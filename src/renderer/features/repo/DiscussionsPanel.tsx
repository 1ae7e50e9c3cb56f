import type { ReactNode } from 'react';
import type { DiscussionsResponse } from '../../../shared/app-api.js';
import type { RepoKey } from '../../api/api-client.js';
import { Badge } from '../../components/Badge.js';
import { DataTable } from '../../components/DataTable.js';
import { EmptyState } from '../../components/EmptyState.js';
import { QueryContent } from '../../components/QueryContent.js';
import { formatDateTime, formatRelativeTime } from '../../format/dates.js';
import { discussionsQuery } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';
import { formatHash, type Route } from '../../routing/routes.js';
import { DiscussionView } from './DiscussionView.js';
import { STATUS_TONES } from './discussion-status.js';

type RepoRoute = Extract<Route, { screen: 'repo' }>;

export interface DiscussionsPanelProps {
  readonly route: RepoRoute;
  readonly repo: RepoKey;
}

/** Pull requests and discussions of a hub repo: the list, or the one the URL names. */
export function DiscussionsPanel({ route, repo }: DiscussionsPanelProps): ReactNode {
  if (route.discussion !== undefined) return <DiscussionView route={route} repo={repo} num={route.discussion} />;
  return <DiscussionList route={route} repo={repo} />;
}

function DiscussionList({ route, repo }: DiscussionsPanelProps): ReactNode {
  const query = useQuery(discussionsQuery(repo));
  return (
    <QueryContent query={query} what="the pull requests">
      {(list) => <DiscussionTable route={route} list={list} />}
    </QueryContent>
  );
}

const DISCUSSION_COLUMNS = [{ label: '#' }, { label: 'Title' }, { label: 'Author' }, { label: 'Status' }, { label: 'Opened' }];

function DiscussionTable({ route, list }: { readonly route: RepoRoute; readonly list: DiscussionsResponse }): ReactNode {
  const now = Date.now();
  if (list.discussions.length === 0) {
    return (
      <EmptyState title="No pull requests or discussions yet">
        <p>
          Open one with <code>create_pr=True</code> or <code>create_pull_request</code> in <code>huggingface_hub</code>.
        </p>
      </EmptyState>
    );
  }
  const pullRequests = list.discussions.filter((item) => item.isPullRequest).length;
  return (
    <>
      <p className="panel-summary">
        {pullRequests} pull {pullRequests === 1 ? 'request' : 'requests'} · {list.discussions.length - pullRequests}{' '}
        {list.discussions.length - pullRequests === 1 ? 'discussion' : 'discussions'}
        {list.total > list.discussions.length && ` (the newest ${list.discussions.length} of ${list.total})`}
      </p>
      <DataTable caption="Pull requests and discussions, newest first" columns={DISCUSSION_COLUMNS}>
        {list.discussions.map((item) => (
          <tr key={item.num} data-testid="discussion-row">
            <td>{item.num}</td>
            <th scope="row">
              <a href={formatHash({ ...route, tab: 'discussions', discussion: item.num })}>{item.title}</a>{' '}
              <Badge tone={item.isPullRequest ? 'accent' : 'neutral'}>{item.isPullRequest ? 'pull request' : 'discussion'}</Badge>
            </th>
            <td>{item.author}</td>
            <td>
              <Badge tone={STATUS_TONES[item.status]}>{item.status}</Badge>
            </td>
            <td>
              <time dateTime={new Date(item.createdAt).toISOString()} title={formatDateTime(item.createdAt)}>
                {formatRelativeTime(item.createdAt, now)}
              </time>
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
