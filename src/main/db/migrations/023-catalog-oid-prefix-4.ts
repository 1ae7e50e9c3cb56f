export const sql = `
-- Files found by git oid through its first 4 bytes, not 8 (catalog-hash-sql.ts OID_MATCHES): 4 bytes
-- less in every row of the index (35 to 31 bytes a cell, about 4 MiB per million files). Among a
-- million oids a 4-byte prefix is shared by another one in about 1 lookup of 4,000; the entry the
-- index points at tells them apart, as before.
DROP INDEX catalog_entries_by_oid_prefix;
CREATE INDEX catalog_entries_by_oid_prefix4 ON catalog_entries (substr(oid, 1, 4)) WHERE child IS NULL;
`;
