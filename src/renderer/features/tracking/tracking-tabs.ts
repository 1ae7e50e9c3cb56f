import { ChangesPanel } from './ChangesPanel.js';
import { FilesPanel } from './FilesPanel.js';
import { SearchPanel } from './SearchPanel.js';
import { TrackedReposPanel } from './TrackedReposPanel.js';
import type { TrackingTab } from './tracking-tab.js';

/** The first tab, shown when the URL names none. */
export const REPOS_TAB: TrackingTab = { key: 'repos', label: 'Tracked repos', Panel: TrackedReposPanel };

/**
 * The tabs of the Tracking screen, in order. Stats, duplicates and similar repos plug in here,
 * each as one more tab over its own /tracking route.
 */
export const TRACKING_TABS: readonly TrackingTab[] = [
  REPOS_TAB,
  { key: 'files', label: 'Files', Panel: FilesPanel },
  { key: 'search', label: 'Search', Panel: SearchPanel },
  { key: 'changes', label: 'Changes', Panel: ChangesPanel },
];
