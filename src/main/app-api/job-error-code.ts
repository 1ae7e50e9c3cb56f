/**
 * The job queue keeps a failed job's message but not its error code, so the UI's plain-word
 * explanations are chosen from the message the engine and the hub client write. Unknown
 * messages map to "Internal" (a generic explanation, with the message as the details).
 */
const PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/gated|restricted|awaiting a review|access to (model|dataset|space) .* is/i, 'GatedRepo'],
  [/disk (space|filled)|not enough (free )?(disk )?space|ENOSPC/i, 'InsufficientStorage'],
  [/invalid credentials|unauthori[sz]ed|\b401\b|token (is )?(missing|required|invalid)/i, 'Unauthorized'],
  [/forbidden|\b403\b|not allowed/i, 'Forbidden'],
  [/repository not found|repo(sitory)? .*does not exist|\bRepoNotFound\b/i, 'RepoNotFound'],
  [/revision not found|invalid rev id|\bRevisionNotFound\b/i, 'RevisionNotFound'],
  [/entry not found|\bEntryNotFound\b/i, 'EntryNotFound'],
  [/rate limit|too many requests|\b429\b/i, 'RateLimited'],
  [/checksum|integrity|hash mismatch|expected .* bytes|more bytes than requested/i, 'IntegrityError'],
  [/offline|local_files_only/i, 'LocalEntryNotFound'],
  [/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ECONNRESET|network|timed? ?out|unavailable|\b50[234]\b/i, 'UpstreamUnavailable'],
];

export function jobErrorCode(message: string): string {
  for (const [pattern, code] of PATTERNS) if (pattern.test(message)) return code;
  return 'Internal';
}
