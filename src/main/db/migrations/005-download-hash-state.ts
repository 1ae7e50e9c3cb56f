export const sql = `
-- A resumable download's saved sha256 state: the hash of its first hash_position bytes, fsynced
-- before it was recorded, so a resume goes on hashing from there instead of reading them again.
ALTER TABLE download_transfers ADD COLUMN hash_position INTEGER;
ALTER TABLE download_transfers ADD COLUMN hash_state BLOB;
`;
