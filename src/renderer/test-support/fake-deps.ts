import { AppError } from '../../shared/errors.js';
import type { ApiClient } from '../api/api-client.js';
import type { AppStoreDeps } from '../store/app-store.js';

const missing = (name: string) => (): Promise<never> => Promise.reject(new AppError('NotImplemented', `${name} is not faked in this test`));

/** An API client for store tests: every call fails unless the test provides it. */
export function fakeApi(overrides: Partial<ApiClient> = {}): ApiClient {
  return {
    getHealth: missing('getHealth'),
    getSession: missing('getSession'),
    signIn: missing('signIn'),
    signOut: missing('signOut'),
    getLibrary: missing('getLibrary'),
    getLibraryFacts: missing('getLibraryFacts'),
    checkDeepLink: missing('checkDeepLink'),
    getRepo: missing('getRepo'),
    getTree: missing('getTree'),
    getCommits: missing('getCommits'),
    getReadme: missing('getReadme'),
    getDiff: missing('getDiff'),
    getLocation: missing('getLocation'),
    previewDelete: missing('previewDelete'),
    deleteRevision: missing('deleteRevision'),
    getDiscussions: missing('getDiscussions'),
    getDiscussion: missing('getDiscussion'),
    commentDiscussion: missing('commentDiscussion'),
    setDiscussionStatus: missing('setDiscussionStatus'),
    mergePullRequest: missing('mergePullRequest'),
    getHubs: missing('getHubs'),
    addHub: missing('addHub'),
    updateHub: missing('updateHub'),
    getTokens: missing('getTokens'),
    revokeToken: missing('revokeToken'),
    tracking: {
      list: missing('tracking.list'),
      track: missing('tracking.track'),
      untrack: missing('tracking.untrack'),
      refresh: missing('tracking.refresh'),
      find: missing('tracking.find'),
      folder: missing('tracking.folder'),
      revisions: missing('tracking.revisions'),
      facts: missing('tracking.facts'),
      diff: missing('tracking.diff'),
      stats: missing('tracking.stats'),
      duplicates: missing('tracking.duplicates'),
      duplicatePlaces: missing('tracking.duplicatePlaces'),
      similar: missing('tracking.similar'),
      outdated: missing('tracking.outdated'),
    },
    sync: {
      status: missing('sync.status'),
      preview: missing('sync.preview'),
      pull: missing('sync.pull'),
      pushPreview: missing('sync.pushPreview'),
      push: missing('sync.push'),
      mirrors: missing('sync.mirrors'),
      addMirror: missing('sync.addMirror'),
      removeMirror: missing('sync.removeMirror'),
    },
    modelFolders: {
      roots: missing('modelFolders.roots'),
      setRoots: missing('modelFolders.setRoots'),
      list: missing('modelFolders.list'),
      importFolder: missing('modelFolders.importFolder'),
    },
    removeHub: missing('removeHub'),
    searchRemote: missing('searchRemote'),
    getRemoteRepo: missing('getRemoteRepo'),
    getDownloads: missing('getDownloads'),
    startDownload: missing('startDownload'),
    actOnDownload: missing('actOnDownload'),
    getDisk: missing('getDisk'),
    previewCleanup: missing('previewCleanup'),
    cleanup: missing('cleanup'),
    getSettings: missing('getSettings'),
    moveCache: missing('moveCache'),
    updateServerSettings: missing('updateServerSettings'),
    ...overrides,
  };
}

/** Store dependencies for tests: a fixed clock, an in-memory URL hash and preference storage. */
export function testDeps(api: Partial<ApiClient> = {}, start = '#/library'): AppStoreDeps & { readonly hashes: string[] } {
  const hashes: string[] = [start];
  const preferences = new Map<string, string>();
  return {
    api: fakeApi(api),
    now: () => 1_700_000_000_000,
    hashes,
    location: {
      hash: () => hashes[hashes.length - 1] ?? '',
      setHash: (hash, replace) => {
        if (replace) hashes.pop();
        hashes.push(hash);
      },
    },
    storage: { get: (key) => preferences.get(key) ?? null, set: (key, value) => void preferences.set(key, value) },
  };
}
