/** The hub database inside the data directory. */
export const DATABASE_FILE = 'hubkeeper.db';
export { durableTransaction, openDatabase, redoableTransaction, schemaVersion, type Db, type OpenDatabaseOptions } from './open-database.js';
export { WalSync } from './wal-sync.js';
export { SCHEMA_VERSION } from './migrations/index.js';
export { createUsersTable, type AccountKind, type AccountRecord, type NewAccount, type UsersTable } from './users-table.js';
export { createOrgMembersTable, type OrgMembersTable, type OrgMembershipRecord } from './org-members-table.js';
export { createTokensTable, type NewToken, type OwnedTokenRecord, type TokenRecord, type TokensTable } from './tokens-table.js';
export { createDownloadsTable, type DownloadRangeRow, type DownloadTransferRow, type DownloadsTable, type NewDownloadTransfer } from './downloads-table.js';
export { JOB_STATES, createJobsTable, type JobRow, type JobState, type JobsTable } from './jobs-table.js';
export { createSettingsTable, type SettingsTable } from './settings-table.js';
export { ReadCache } from './read-cache.js';
export { createRefsTable, type RefRow, type RefsTable } from './refs-table.js';
export { createGitObjectsTable, type GitCommitRow, type GitObjectsTable, type NewGitBlob, type TreeEntryTuple, type TreeEntryWithBlobRow } from './git-objects-table.js';
export { createRepoDownloadsTable, type RepoDownloadsTable } from './repo-downloads-table.js';
export { createRepoLikesTable, type LikedRepoRow, type RepoLikesTable } from './repo-likes-table.js';
export { createTreeStatsTable, type TreeStatsRow, type TreeStatsTable } from './tree-stats-table.js';
export { createGcQueries, type SweepCounts } from './gc-queries.js';
export { createGitPushesInFlightTable, type GitPushesInFlightTable } from './git-pushes-in-flight-table.js';
export { createLfsPrunedTable, type LfsPrunedTable } from './lfs-pruned-table.js';
export { createReposTable, type RepoRow, type ReposTable } from './repos-table.js';
export { createLfsObjectsQueries, type LfsFileRow } from './lfs-objects-queries.js';
export { createNamespaceQuotasTable, type NamespaceQuotasTable } from './namespace-quotas-table.js';
export { createRepoQuotasTable, type RepoQuotasTable } from './repo-quotas-table.js';
export { createRepoSearchQueries, REPO_SORT_KEYS, type RepoSearchQueries, type RepoSortKey } from './repo-search-queries.js';
export {
  DISCUSSION_STATUSES, createDiscussionsTable, type DiscussionFilter, type DiscussionRow, type DiscussionStatus, type DiscussionsTable,
  type NewDiscussion,
} from './discussions-table.js';
export {
  DISCUSSION_EVENT_TYPES, createDiscussionEventsTable, type DiscussionEventRow, type DiscussionEventType, type DiscussionEventsTable,
  type NewDiscussionEvent,
} from './discussion-events-table.js';
export {
  ACCESS_REQUEST_STATUSES, createAccessRequestsTable, type AccessRequestRow, type AccessRequestStatus, type AccessRequestWrite,
  type AccessRequestsTable,
} from './access-requests-table.js';
export {
  createCollectionsTable, type CollectionListFilter, type CollectionMetadataRow, type CollectionRow, type CollectionsTable,
  type NewCollectionRow,
} from './collections-table.js';
export { createCollectionItemsTable, type CollectionItemRow, type CollectionItemTarget, type CollectionItemsTable } from './collection-items-table.js';
export {
  createCatalogReposTable, type CatalogRefRow, type CatalogRepoRow, type CatalogSource, type CatalogReposTable, type CatalogRevisionRow, type NewCatalogRepo,
  type NewCatalogRevision,
} from './catalog-repos-table.js';
export { createCatalogFoldersTable, type CatalogDifferingEntry, type CatalogEntryRow, type CatalogFoldersTable, type CatalogStorageCounts } from './catalog-folders-table.js';
export {
  createCatalogFactsTable, type CatalogFactsMatchRow, type CatalogFactsTable, type CatalogFileFactsRow, type CatalogRevisionFactsRow, type FileFactsKind,
  type RevisionFactsFilter,
} from './catalog-facts-table.js';
export { createCatalogQueries, type CatalogEntryName, type CatalogFileRow, type CatalogQueries } from './catalog-queries.js';
export { createStoreContentQueries, type StoreContentQueries } from './store-content-queries.js';
export { createCatalogDuplicatesQueries, type CatalogDuplicatesQueries } from './catalog-duplicates-queries.js';
export { createCatalogStatsQueries, type CatalogExtensionRow, type CatalogStatsQueries } from './catalog-stats-queries.js';
export { createCatalogSimilarQueries, type CatalogContentRow, type CatalogSharedContentRow, type CatalogSimilarQueries } from './catalog-similar-queries.js';
export { createCatalogTreeQueries, type CatalogTreeFileRow, type CatalogTreeQueries } from './catalog-tree-queries.js';
export { createSyncPullsTable, type SyncPullRow, type SyncPullsTable } from './sync-pulls-table.js';
export { createSyncPushesTable, type LastSync, type SyncPushRow, type SyncPushesTable, type SyncTarget } from './sync-pushes-table.js';
export { createSyncMirrorsTable, type SyncMirrorRow, type SyncMirrorInput, type SyncMirrorsTable } from './sync-mirrors-table.js';
