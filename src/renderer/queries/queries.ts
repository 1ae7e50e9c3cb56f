import type {
  CommitsResponse,
  DeepLinkResponse,
  DiffResponse,
  DiscussionDetails,
  DiscussionsResponse,
  DiskUsage,
  LibraryResponse,
  ReadmeResponse,
  RemoteHub,
  RemoteRepoInfo,
  RemoteSearchResponse,
  RepoOverview,
  RepoTree,
  Settings,
  SyncStatusResponse,
  TokensResponse,
} from '../../shared/app-api.js';
import type { ModelFolderList, ModelFolderRoots } from '../../shared/model-folders.js';
import type { RepoType } from '../../shared/repo-id.js';
import type { FactsFilterQuery, LibraryFactsResponse } from '../../shared/tracking-api.js';
import type { RepoKey } from '../api/api-client.js';
import type { QueryDef } from '../store/query-slice.js';

/**
 * Every piece of server state the screens read, keyed so that related queries share a prefix
 * ("repo:hub:…", "tree:cache:…") and can be invalidated together after a change.
 */
export function repoKeyText(repo: RepoKey): string {
  return `${repo.source}:${repo.type}:${repo.id}`;
}

export const libraryQuery: QueryDef<LibraryResponse> = { key: 'library', load: (api, signal) => api.getLibrary(signal) };

/** The library's model facts, filtered (its key starts with 'library': what changes the library reloads it). */
export function libraryFactsQuery(filter: FactsFilterQuery): QueryDef<LibraryFactsResponse> {
  return { key: `library:facts:${JSON.stringify(filter)}`, load: (api, signal) => api.getLibraryFacts(filter, signal) };
}

export const diskQuery: QueryDef<DiskUsage> = { key: 'disk', load: (api, signal) => api.getDisk(signal) };

export const settingsQuery: QueryDef<Settings> = { key: 'settings', load: (api, signal) => api.getSettings(signal) };

/** A `hubkeeper://` link, checked by the core. */
export function deepLinkQuery(url: string): QueryDef<DeepLinkResponse> {
  return { key: `deep-link:${url}`, load: (api, signal) => api.checkDeepLink(url, signal) };
}

export const hubsQuery: QueryDef<{ hubs: RemoteHub[] }> = { key: 'hubs', load: (api, signal) => api.getHubs(signal) };

/** The Tokens screen's list: every user's for the owner, one's own otherwise. */
export function tokensQuery(everyone: boolean): QueryDef<TokensResponse> {
  return { key: `tokens:${everyone ? 'all' : 'own'}`, load: (api, signal) => api.getTokens(everyone, signal) };
}

export function repoQuery(repo: RepoKey): QueryDef<RepoOverview> {
  return { key: `repo:${repoKeyText(repo)}`, load: (api, signal) => api.getRepo(repo, signal) };
}

export function treeQuery(repo: RepoKey, revision: string): QueryDef<RepoTree> {
  return { key: `tree:${repoKeyText(repo)}@${revision}`, load: (api, signal) => api.getTree(repo, revision, signal) };
}

/** A hub repo's linked remotes with ahead/behind (one request to each remote); finished pulls and mirror runs refresh it. */
export function syncStatusQuery(repo: RepoKey): QueryDef<SyncStatusResponse> {
  return { key: `sync:${repoKeyText(repo)}`, load: (api, signal) => api.sync.status(repo.type, repo.id, signal) };
}

export function commitsQuery(repo: RepoKey, revision: string): QueryDef<CommitsResponse> {
  return { key: `commits:${repoKeyText(repo)}@${revision}`, load: (api, signal) => api.getCommits(repo, revision, signal) };
}

export function readmeQuery(repo: RepoKey, revision: string): QueryDef<ReadmeResponse> {
  return { key: `readme:${repoKeyText(repo)}@${revision}`, load: (api, signal) => api.getReadme(repo, revision, signal) };
}

export function diffQuery(repo: RepoKey, from: string, to: string): QueryDef<DiffResponse> {
  return { key: `diff:${repoKeyText(repo)}@${from}..${to}`, load: (api, signal) => api.getDiff(repo, from, to, signal) };
}

/** A hub repo's discussions; one discussion's key extends it, so one prefix refreshes both. */
export function discussionsQuery(repo: RepoKey): QueryDef<DiscussionsResponse> {
  return { key: `discussions:${repoKeyText(repo)}`, load: (api, signal) => api.getDiscussions(repo, signal) };
}

export function discussionQuery(repo: RepoKey, num: number): QueryDef<DiscussionDetails> {
  return { key: `discussions:${repoKeyText(repo)}#${num}`, load: (api, signal) => api.getDiscussion(repo, num, signal) };
}

export function remoteSearchQuery(hub: string, type: RepoType, query: string): QueryDef<RemoteSearchResponse> {
  return { key: `remote-search:${hub}:${type}:${query}`, load: (api, signal) => api.searchRemote(hub, type, query, signal) };
}

export function remoteRepoQuery(hub: string, type: RepoType, repo: string, revision: string): QueryDef<RemoteRepoInfo> {
  return { key: `remote-repo:${hub}:${type}:${repo}@${revision}`, load: (api, signal) => api.getRemoteRepo(hub, type, repo, revision, signal) };
}

/** The model folders added in Settings (the key shares 'model-folders' with the list found in them). */
export const modelFolderRootsQuery: QueryDef<ModelFolderRoots> = { key: 'model-folders:roots', load: (api, signal) => api.modelFolders.roots(signal) };

/** The model folders found in them, with import status. */
export const modelFoldersQuery: QueryDef<ModelFolderList> = { key: 'model-folders:list', load: (api, signal) => api.modelFolders.list(signal) };
