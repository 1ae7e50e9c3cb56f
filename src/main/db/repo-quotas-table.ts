import { createKeyedValuesTable } from './keyed-values-table.js';
import type { Db } from './open-database.js';

/** repo_quotas: the storage limit of one repo, in bytes (undefined: unlimited). */
export function createRepoQuotasTable(db: Db) {
  return createKeyedValuesTable<number, number>(db, { table: 'repo_quotas', key: 'repo_id', value: 'limit_bytes' });
}

export type RepoQuotasTable = ReturnType<typeof createRepoQuotasTable>;
