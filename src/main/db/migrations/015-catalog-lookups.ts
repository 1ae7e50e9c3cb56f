export const sql = `
-- Files by extension (the text after the last '.' of the name, ASCII-lowercased as LIKE compares;
-- '' for a name ending in '.', NULL without a '.'), then by name: find --ext, and find --file with
-- a literal name, an extension or a name prefix, seek here instead of scanning every entry. child
-- is in it so that lookups read the index alone. Queries repeat the expression exactly
-- (catalog-queries.ts EXTENSION_OF) for the planner to use it.
CREATE INDEX catalog_entries_by_ext_name ON catalog_entries (
  (CASE WHEN instr(name, '.') > 0 THEN lower(replace(name, rtrim(name, replace(name, '.', '')), '')) END), name, child
) WHERE child IS NULL;
`;
