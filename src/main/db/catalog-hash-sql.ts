// Hashes of catalog_entries and catalog_shared_contents are stored as the bytes their lowercase hex
// spells (migration 17); any other text a hub gave as an oid is kept as that text. Everything
// outside these tables sees lowercase hex.

const LOWER_HEX = /^(?:[0-9a-f]{2})+$/;

/** A hash as it is stored: the bytes of lowercase hex, else the text itself. */
export function storedHash(hash: string): Buffer | string;
export function storedHash(hash: string | null): Buffer | string | null;
export function storedHash(hash: string | null): Buffer | string | null {
  return hash !== null && LOWER_HEX.test(hash) ? Buffer.from(hash, 'hex') : hash;
}

/** A stored hash as lowercase hex (text stored as text comes back as it was). */
export function hexHash(stored: Buffer | string): string;
export function hexHash(stored: Buffer | string | null): string | null;
export function hexHash(stored: Buffer | string | null): string | null {
  return stored === null || typeof stored === 'string' ? stored : stored.toString('hex');
}

/** SQL: a stored hash column spelled as lowercase hex. */
export const HEX_OF = (column: string): string => `(CASE WHEN typeof(${column}) = 'blob' THEN lower(hex(${column})) ELSE ${column} END)`;

/** SQL: a hex hash (a parameter, a column of hex text) in its stored form, to compare with a stored column. */
export const STORED_FORM = (hex: string): string =>
  `(CASE WHEN ${hex} <> '' AND length(${hex}) % 2 = 0 AND ${hex} NOT GLOB '*[^0-9a-f]*' THEN unhex(${hex}) ELSE ${hex} END)`;

/**
 * SQL: a file entry's stored oid (`column`) equals `stored` (an expression in stored form), said so
 * that the lookup seeks the index of oid prefixes (migrations 22 and 23); both terms are needed, the prefix
 * for the index and the whole oid for the answer. `column` must belong to a file entry (child IS NULL).
 */
export const OID_MATCHES = (column: string, stored: string): string => `(substr(${column}, 1, 4) = substr(${stored}, 1, 4) AND ${column} = ${stored})`;
