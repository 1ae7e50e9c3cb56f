import type { StateCreator } from 'zustand/vanilla';
import type { RepoType } from '../../shared/repo-id.js';
import type { AppState } from './app-store.js';

export interface RemoteBrowserState {
  readonly hubId: string | undefined;
  readonly type: RepoType;
  /** What the search box holds. */
  readonly draft: string;
  /** The search that ran (results are cached by it). */
  readonly query: string | undefined;
  readonly repo: string | undefined;
  readonly revision: string;
  readonly patterns: string;
  readonly ticked: Readonly<Record<string, true>>;
}

export interface RemoteSlice {
  readonly remote: RemoteBrowserState;
  readonly setRemote: (change: Partial<Omit<RemoteBrowserState, 'ticked'>>) => void;
  readonly searchRemote: () => void;
  readonly openRemoteRepo: (repo: string | undefined) => void;
  readonly setTicked: (ticked: Readonly<Record<string, true>>) => void;
  readonly toggleTicked: (path: string) => void;
}

const INITIAL: RemoteBrowserState = {
  hubId: undefined,
  type: 'model',
  draft: '',
  query: undefined,
  repo: undefined,
  revision: 'main',
  patterns: '',
  ticked: {},
};

export function createRemoteSlice(): StateCreator<AppState, [], [], RemoteSlice> {
  return (set) => ({
    remote: INITIAL,
    setRemote: (change) =>
      set((state) => {
        const switched = (change.hubId !== undefined && change.hubId !== state.remote.hubId) || (change.type !== undefined && change.type !== state.remote.type);
        return { remote: { ...state.remote, ...change, ...(switched ? { repo: undefined, query: undefined, ticked: {} } : {}) } };
      }),
    searchRemote: () => set((state) => ({ remote: { ...state.remote, query: state.remote.draft.trim(), repo: undefined, ticked: {} } })),
    openRemoteRepo: (repo) => set((state) => ({ remote: { ...state.remote, repo, revision: 'main', patterns: '', ticked: {} } })),
    setTicked: (ticked) => set((state) => ({ remote: { ...state.remote, ticked } })),
    toggleTicked: (path) =>
      set((state) => {
        const ticked = { ...state.remote.ticked };
        if (ticked[path] === true) delete ticked[path];
        else ticked[path] = true;
        return { remote: { ...state.remote, ticked } };
      }),
  });
}
