import type { StateCreator } from 'zustand/vanilla';
import { ancestorFolders } from '../features/repo/file-tree-model.js';
import type { AppState } from './app-store.js';

export interface RepoViewState {
  /** Which repo and revision this state belongs to; opening another starts afresh. */
  readonly key: string;
  readonly expanded: Readonly<Record<string, true>>;
  readonly selectedPath: string | undefined;
  readonly compareFrom: string | undefined;
  readonly compareTo: string | undefined;
}

export interface RepoViewSlice {
  readonly repoView: RepoViewState;
  readonly openRepoView: (key: string) => void;
  readonly setFolderExpanded: (path: string, expanded: boolean) => void;
  /** Selects a file or folder and opens the folders above it. */
  readonly selectPath: (path: string | undefined) => void;
  readonly setCompare: (from: string | undefined, to: string | undefined) => void;
}

const EMPTY: RepoViewState = { key: '', expanded: {}, selectedPath: undefined, compareFrom: undefined, compareTo: undefined };

export function createRepoViewSlice(): StateCreator<AppState, [], [], RepoViewSlice> {
  return (set) => ({
    repoView: EMPTY,
    openRepoView: (key) =>
      set((state) => (state.repoView.key === key ? state : { repoView: { ...EMPTY, key, compareFrom: state.repoView.compareFrom, compareTo: state.repoView.compareTo } })),
    setFolderExpanded: (path, expanded) =>
      set((state) => {
        const next = { ...state.repoView.expanded };
        if (expanded) next[path] = true;
        else delete next[path];
        return { repoView: { ...state.repoView, expanded: next } };
      }),
    selectPath: (path) =>
      set((state) => {
        const expanded = { ...state.repoView.expanded };
        if (path !== undefined) for (const folder of ancestorFolders(path)) expanded[folder] = true;
        return { repoView: { ...state.repoView, selectedPath: path, expanded } };
      }),
    setCompare: (from, to) => set((state) => ({ repoView: { ...state.repoView, compareFrom: from, compareTo: to } })),
  });
}
