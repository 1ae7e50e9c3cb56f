import { Suspense, lazy, useEffect, useMemo, type ReactNode } from 'react';
import type { RepoOverview } from '../../../shared/app-api.js';
import type { RepoKey } from '../../api/api-client.js';
import { Badge } from '../../components/Badge.js';
import { Loading } from '../../components/Loading.js';
import { QueryContent } from '../../components/QueryContent.js';
import { Tabs } from '../../components/Tabs.js';
import { formatBytes } from '../../format/bytes.js';
import { repoKeyText, repoQuery } from '../../queries/queries.js';
import { useQuery } from '../../queries/use-query.js';
import type { RepoTab, Route } from '../../routing/routes.js';
import { useAppStore } from '../../store/store-context.js';
import { CloneCommand } from './CloneCommand.js';
import { ComparePanel } from './ComparePanel.js';
import { DiscussionsPanel } from './DiscussionsPanel.js';
import { FilesPanel } from './FilesPanel.js';
import { HistoryPanel } from './HistoryPanel.js';
import { RepoActions } from './RepoActions.js';
import { RevisionPicker } from './RevisionPicker.js';
import { SyncPanel } from './SyncPanel.js';
import { currentRevision } from './repo-revisions.js';

type RepoRoute = Extract<Route, { screen: 'repo' }>;

// Markdown and YAML parsing are the biggest part of the UI: loaded when a card is first shown.
const ReadmePanel = lazy(() => import('./ReadmePanel.js').then((module) => ({ default: module.ReadmePanel })));

const TABS: ReadonlyArray<{ key: RepoTab; label: string }> = [
  { key: 'files', label: 'Files' },
  { key: 'card', label: 'Model card' },
  { key: 'history', label: 'History' },
  { key: 'compare', label: 'Compare' },
  { key: 'discussions', label: 'Pull requests' },
  { key: 'sync', label: 'Sync' },
];

export function RepoScreen({ route }: { readonly route: RepoRoute }): ReactNode {
  const repo = useMemo<RepoKey>(() => ({ source: route.source, type: route.type, id: route.id }), [route.source, route.type, route.id]);
  const query = useQuery(repoQuery(repo));
  return (
    <section aria-labelledby="repo-title">
      <nav aria-label="Breadcrumb" className="breadcrumb">
        <a href="#/library">Library</a>
        <span aria-hidden="true"> / </span>
        <span aria-current="page">{route.id}</span>
      </nav>
      <h1 id="repo-title" className="repo-title">
        {route.id}
      </h1>
      <QueryContent query={query} what="this repo">
        {(overview) => <RepoBody route={route} repo={repo} overview={overview} />}
      </QueryContent>
    </section>
  );
}

function RepoBody({ route, repo, overview }: { readonly route: RepoRoute; readonly repo: RepoKey; readonly overview: RepoOverview }): ReactNode {
  const navigate = useAppStore((state) => state.navigate);
  const openRepoView = useAppStore((state) => state.openRepoView);
  const revision = currentRevision(overview, route.revision);
  const viewKey = `${repoKeyText(repo)}@${revision}`;

  useEffect(() => openRepoView(viewKey), [openRepoView, viewKey]);

  const tabLabel = (key: RepoTab, label: string): string => (key === 'card' && repo.type !== 'model' ? 'Card' : label);
  const owner = useAppStore((state) => state.session.phase === 'signed-in' && state.session.session.role === 'owner');
  // Only the local hub keeps discussions and syncs with remotes (the owner's: it uses the hubs saved in Settings); the HF cache has neither.
  const tabs = TABS.filter((candidate) => (candidate.key !== 'discussions' || repo.source === 'hub') && (candidate.key !== 'sync' || (repo.source === 'hub' && owner)));
  const tab = tabs.some((candidate) => candidate.key === route.tab) ? route.tab : 'files';

  return (
    <>
      <div className="repo-meta">
        <Badge tone="neutral">{overview.type}</Badge>
        <Badge tone={overview.source === 'hub' ? 'accent' : 'info'}>{overview.source === 'hub' ? 'This hub' : 'HF cache'}</Badge>
        {overview.private && <Badge tone="warning">private</Badge>}
        <span className="repo-size">{formatBytes(overview.sizeOnDisk)} on disk</span>
      </div>
      {overview.source === 'hub' && <CloneCommand overview={overview} />}
      <div className="repo-toolbar">
        <RevisionPicker overview={overview} revision={revision} onChange={(next) => navigate({ ...route, revision: next })} />
        <RepoActions repo={repo} overview={overview} revision={revision} />
      </div>
      <Tabs
        label="Repo sections"
        idPrefix="repo"
        items={tabs.map((tab) => ({ key: tab.key, label: tabLabel(tab.key, tab.label) }))}
        selected={tab}
        onSelect={(next) => navigate({ ...route, tab: next, discussion: undefined }, { replace: true })}
      />
      <div id="repo-panel" role="tabpanel" aria-labelledby={`repo-tab-${tab}`} className="tab-panel">
        {tab === 'files' && <FilesPanel repo={repo} revision={revision} />}
        {tab === 'card' && (
          <Suspense fallback={<Loading label="Loading the model card…" />}>
            <ReadmePanel repo={repo} revision={revision} />
          </Suspense>
        )}
        {tab === 'history' && <HistoryPanel repo={repo} overview={overview} revision={revision} />}
        {tab === 'compare' && <ComparePanel repo={repo} overview={overview} revision={revision} />}
        {tab === 'discussions' && <DiscussionsPanel route={route} repo={repo} />}
        {tab === 'sync' && <SyncPanel repo={repo} />}
      </div>
    </>
  );
}
