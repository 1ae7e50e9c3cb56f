export const sql = `
-- A user marked admin manages the machine from the UI (settings, remote hubs, the HF cache,
-- other users' tokens), as the owner's one-time sign-in link does.
ALTER TABLE users ADD COLUMN admin INTEGER NOT NULL DEFAULT 0 CHECK (admin IN (0, 1));
-- The last four characters of a token, so a list can tell tokens apart without the secret;
-- NULL for tokens created before this column existed.
ALTER TABLE tokens ADD COLUMN last_four TEXT;
`;
