import { ChangesPanel } from './ChangesPanel.js';
import { DuplicatesPanel } from './DuplicatesPanel.js';
import { FilesPanel } from './FilesPanel.js';
import { SearchPanel } from './SearchPanel.js';
import { SimilarPanel } from './SimilarPanel.js';
import { StatsPanel } from './StatsPanel.js';
import { TrackedReposPanel } from './TrackedReposPanel.js';
import { UpdatesPanel } from './UpdatesPanel.js';
import type { TrackingTab } from './tracking-tab.js';

/** The first tab, shown when the URL names none. */
export const REPOS_TAB: TrackingTab = { key: 'repos', label: 'Tracked repos', Panel: TrackedReposPanel };

/** The tabs of the Tracking screen, in order; each reads its own /tracking route. */
export const TRACKING_TABS: readonly TrackingTab[] = [
  REPOS_TAB,
  { key: 'files', label: 'Files', Panel: FilesPanel },
  { key: 'search', label: 'Search', Panel: SearchPanel },
  { key: 'changes', label: 'Changes', Panel: ChangesPanel },
  { key: 'stats', label: 'Stats', Panel: StatsPanel },
  { key: 'duplicates', label: 'Duplicates', Panel: DuplicatesPanel },
  { key: 'similar', label: 'Similar', Panel: SimilarPanel },
  { key: 'updates', label: 'Updates', Panel: UpdatesPanel },
];
