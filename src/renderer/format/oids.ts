/** The first 7 characters of a git oid or sha256, as git and the Hub show them. */
export function shortHash(hash: string): string {
  return hash.slice(0, 7);
}
