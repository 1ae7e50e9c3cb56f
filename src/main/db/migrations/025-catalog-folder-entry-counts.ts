export const sql = `
-- Each folder's number of entries, so that a diff compares a changed folder pair in one direction
-- (catalog-folders-table.ts differing): the old rows not found whole in the new folder are its
-- modified and removed entries; the counts then tell whether the new folder added any, and only
-- then is it compared the other way. A column of the folder row: about 2 bytes per folder.
ALTER TABLE catalog_folders ADD COLUMN entry_count INTEGER NOT NULL DEFAULT 0;
UPDATE catalog_folders SET entry_count = (SELECT count(*) FROM catalog_entries WHERE folder = catalog_folders.id);
`;
