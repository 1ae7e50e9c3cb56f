import { createKeyedValuesTable } from './keyed-values-table.js';
import type { Db } from './open-database.js';

/** namespace_quotas: the storage limit of a user or organisation namespace, in bytes (undefined: unlimited). */
export function createNamespaceQuotasTable(db: Db) {
  return createKeyedValuesTable<string, number>(db, { table: 'namespace_quotas', key: 'namespace', value: 'limit_bytes' });
}

export type NamespaceQuotasTable = ReturnType<typeof createNamespaceQuotasTable>;
