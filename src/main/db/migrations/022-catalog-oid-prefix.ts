export const sql = `
-- Files found by git oid through its first 8 bytes (catalog-hash-sql.ts OID_MATCHES), not the whole
-- 20: the index was the largest after the entries themselves (47 of 154 MB per million files) and
-- every stored file writes a row of it at a random place. Two oids sharing 8 bytes are told apart
-- by the entry itself, which the index points at. Text oids (a hub not giving hex) index their
-- first 8 characters the same way.
DROP INDEX catalog_entries_by_oid;
CREATE INDEX catalog_entries_by_oid_prefix ON catalog_entries (substr(oid, 1, 8)) WHERE child IS NULL;
`;
