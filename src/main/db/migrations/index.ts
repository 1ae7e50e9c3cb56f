import { sql as initial } from './001-initial.js';
import { sql as repoManagement } from './002-repo-management.js';
import { sql as downloads } from './003-downloads.js';
import { sql as settings } from './004-settings.js';
import { sql as downloadHashState } from './005-download-hash-state.js';
import { sql as rolesAndTokenHints } from './006-roles-and-token-hints.js';
import { sql as discussions } from './007-discussions.js';
import { sql as likes } from './008-likes.js';
import { sql as accessRequestsAndCollections } from './009-access-requests-and-collections.js';
import { sql as catalog } from './010-catalog.js';
import { sql as catalogSourcesAndRefs } from './011-catalog-sources-and-refs.js';
import { sql as catalogFacts } from './012-catalog-facts.js';
import { sql as catalogLookups } from './013-catalog-lookups.js';
import { sql as syncPulls } from './014-sync-pulls.js';
import { sql as syncPushes } from './015-sync-pushes.js';
import { sql as syncMirrors } from './016-sync-mirrors.js';
import { sql as catalogCompact } from './017-catalog-compact.js';
import { sql as catalogSharedEntries } from './018-catalog-shared-entries.js';
import { sql as gitAnnotatedTags } from './019-git-annotated-tags.js';
import { sql as gitLfsLocks } from './020-git-lfs-locks.js';
import { sql as catalogDuplicatesSummary } from './021-catalog-duplicates-summary.js';
import { sql as catalogOidPrefix } from './022-catalog-oid-prefix.js';
import { sql as catalogOidPrefix4 } from './023-catalog-oid-prefix-4.js';
import { sql as gitPushesInFlight } from './024-git-pushes-in-flight.js';
import { sql as catalogFolderEntryCounts } from './025-catalog-folder-entry-counts.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/** Numbered migrations, applied in order; a migration is never edited once it has shipped. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'repo-management', sql: repoManagement },
  { version: 3, name: 'downloads', sql: downloads },
  { version: 4, name: 'settings', sql: settings },
  { version: 5, name: 'download-hash-state', sql: downloadHashState },
  { version: 6, name: 'roles-and-token-hints', sql: rolesAndTokenHints },
  { version: 7, name: 'discussions', sql: discussions },
  { version: 8, name: 'likes', sql: likes },
  { version: 9, name: 'access-requests-and-collections', sql: accessRequestsAndCollections },
  { version: 10, name: 'catalog', sql: catalog },
  { version: 11, name: 'catalog-sources-and-refs', sql: catalogSourcesAndRefs },
  { version: 12, name: 'catalog-facts', sql: catalogFacts },
  { version: 13, name: 'catalog-lookups', sql: catalogLookups },
  { version: 14, name: 'sync-pulls', sql: syncPulls },
  { version: 15, name: 'sync-pushes', sql: syncPushes },
  { version: 16, name: 'sync-mirrors', sql: syncMirrors },
  { version: 17, name: 'catalog-compact', sql: catalogCompact },
  { version: 18, name: 'catalog-shared-entries', sql: catalogSharedEntries },
  { version: 19, name: 'git-annotated-tags', sql: gitAnnotatedTags },
  { version: 20, name: 'git-lfs-locks', sql: gitLfsLocks },
  { version: 21, name: 'catalog-duplicates-summary', sql: catalogDuplicatesSummary },
  { version: 22, name: 'catalog-oid-prefix', sql: catalogOidPrefix },
  { version: 23, name: 'catalog-oid-prefix-4', sql: catalogOidPrefix4 },
  { version: 24, name: 'git-pushes-in-flight', sql: gitPushesInFlight },
  { version: 25, name: 'catalog-folder-entry-counts', sql: catalogFolderEntryCounts },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)?.version ?? 0;
