import { useEffect, type ReactNode } from 'react';
import { Tabs } from '../../components/Tabs.js';
import { TRACKING_KEY } from '../../queries/tracking-queries.js';
import { useAppStore } from '../../store/store-context.js';
import type { TrackingRoute } from './tracking-tab.js';
import { REPOS_TAB, TRACKING_TABS } from './tracking-tabs.js';

/** Structure tracking: tracked repos, their files with hashes, search across all of them, and what changed. */
export function TrackingScreen({ route }: { readonly route: TrackingRoute }): ReactNode {
  const navigate = useAppStore((state) => state.navigate);
  const invalidate = useAppStore((state) => state.invalidateQueries);
  // The CLI and the schedule change tracked structures too: each visit reads them again.
  useEffect(() => invalidate(TRACKING_KEY), [invalidate]);
  const tab = TRACKING_TABS.find((candidate) => candidate.key === route.tab) ?? REPOS_TAB;
  return (
    <section aria-labelledby="tracking-title">
      <div className="screen-header">
        <h1 id="tracking-title">Tracking</h1>
      </div>
      <p className="hint">
        The structure of repos on any hub: every file's size and hashes, kept offline and refreshed on a schedule, without downloading
        them.
      </p>
      <Tabs label="Tracking" idPrefix="tracking" items={TRACKING_TABS} selected={tab.key} onSelect={(key) => navigate({ ...route, tab: key })} />
      <div role="tabpanel" id="tracking-panel" aria-labelledby={`tracking-tab-${tab.key}`} className="panel">
        <tab.Panel route={route} />
      </div>
    </section>
  );
}
