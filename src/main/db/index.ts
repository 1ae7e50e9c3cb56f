/** The hub database inside the data directory. */
export const DATABASE_FILE = 'hubkeeper.db';
export { openDatabase, schemaVersion, type Db, type OpenDatabaseOptions } from './open-database.js';
export { SCHEMA_VERSION } from './migrations/index.js';
export { createUsersTable, type AccountKind, type AccountRecord, type NewAccount, type UsersTable } from './users-table.js';
export { createOrgMembersTable, type OrgMembersTable, type OrgMembershipRecord } from './org-members-table.js';
export { createTokensTable, type NewToken, type OwnedTokenRecord, type TokenRecord, type TokensTable } from './tokens-table.js';
export { createDownloadsTable, type DownloadRangeRow, type DownloadTransferRow, type DownloadsTable, type NewDownloadTransfer } from './downloads-table.js';
export { JOB_STATES, createJobsTable, type JobRow, type JobState, type JobsTable } from './jobs-table.js';
export { createSettingsTable, type SettingsTable } from './settings-table.js';
export { ReadCache } from './read-cache.js';
